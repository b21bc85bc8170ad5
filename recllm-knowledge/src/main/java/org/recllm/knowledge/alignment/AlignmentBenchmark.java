package org.recllm.knowledge.alignment;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;
import org.recllm.core.optim.Optimizer;
import org.recllm.core.optim.OptimizerConfig;
import org.recllm.ctr.alignment.AlignmentConfig;
import org.recllm.ctr.alignment.AlignmentTexts;
import org.recllm.ctr.alignment.ContrastiveAlignment;
import org.recllm.ctr.features.Batch;
import org.recllm.ctr.features.BatchLoader;
import org.recllm.ctr.features.FeatureLayout;
import org.recllm.ctr.models.CtrModel;
import org.recllm.ctr.models.ModelSpec;
import org.recllm.ctr.train.EpochOrder;
import org.recllm.ctr.train.Scorer;
import org.recllm.ctr.train.TrainingStep;
import org.recllm.data.protocol.Split;
import org.recllm.data.store.SampleStore;
import org.recllm.knowledge.encoder.SentenceEncoder;

/**
 * What CTRL costs and what it saves, measured in one process with the rounds interleaved: an epoch of supervised
 * training against an epoch of stage-1 alignment; scoring the test split with the plain and the aligned backbone (one
 * architecture, so the same cost is expected); and encoding each test sample's text with the text encoder, the least
 * a model that reads text at scoring time pays per sample. Also how close a row's vector composed from its segments
 * comes to the encoder's vector of the row's whole text.
 */
public final class AlignmentBenchmark {
    /** Per-round rates (samples/s), in round order. */
    public record Result(String model, int batch, int rounds,
                         @JsonProperty("train_epoch_samples_per_s") double[] trainEpoch,
                         @JsonProperty("alignment_epoch_samples_per_s") double[] alignmentEpoch,
                         @JsonProperty("score_plain_samples_per_s") double[] scorePlain,
                         @JsonProperty("score_aligned_samples_per_s") double[] scoreAligned,
                         @JsonProperty("text_encoder_samples_per_s") double[] textEncoder,
                         @JsonProperty("text_rows") int textRows,
                         @JsonProperty("composed_vs_whole_cosine") double[] composedVsWholeCosine) {}

    private AlignmentBenchmark() {}

    /**
     * @param trainTexts the alignment texts of the training split
     * @param testRows   the segments of the first test rows, whose whole texts the encoder reads
     * @param builder    how the training texts were built (for the composed vectors of the test rows)
     */
    public static Result run(SampleStore store, ModelSpec spec, AlignmentTexts trainTexts, AlignmentConfig config,
                             OptimizerConfig optimizer, int batchSize, int rounds, SentenceEncoder encoder,
                             SampleTemplate.Segments testRows, AlignmentTextBuilder builder) {
        FeatureLayout layout = FeatureLayout.of(store);
        ContrastiveAlignment alignment = new ContrastiveAlignment(store, layout, trainTexts, config.withEpochs(1), optimizer,
                message -> { });
        BatchLoader train = new BatchLoader(store.split(Split.TRAIN), layout);
        BatchLoader test = new BatchLoader(store.split(Split.TEST), layout);
        Batch batch = new Batch(layout, batchSize);
        Batch scoreBatch = new Batch(layout, Math.max(batchSize, 4096));
        int[] order = new int[train.rows()];
        float[] scores = new float[test.rows()];
        int[] testOrder = Scorer.identity(test.rows());
        Scorer scorer = new Scorer();
        List<String> wholeTexts = new ArrayList<>();
        for (int row = 0; row < testRows.rows(); row++) {
            wholeTexts.add(testRows.text(row));
        }
        double[] trainRate = new double[rounds];
        double[] alignRate = new double[rounds];
        double[] plainScore = new double[rounds];
        double[] alignedScore = new double[rounds];
        double[] encodeRate = new double[rounds];
        float[][] whole = null;
        for (int round = 0; round < rounds; round++) {
            CtrModel plain = spec.build(layout, round + 1);
            TrainingStep step = new TrainingStep(plain, new Optimizer(plain.parameters(), optimizer), round + 1);
            EpochOrder.shuffle(order, round + 1);
            long start = System.nanoTime();
            for (int from = 0; from < order.length; from += batchSize) {
                train.fill(batch, order, from, Math.min(batchSize, order.length - from));
                step.run(batch, optimizer.learningRate());
            }
            trainRate[round] = order.length / seconds(start);
            CtrModel aligned = spec.build(layout, round + 1);
            alignment.run(aligned, round + 1, spec.name());
            alignRate[round] = alignment.lastSummary().samplesPerSecond();
            start = System.nanoTime();
            scorer.score(plain, test, scoreBatch, testOrder, scores);
            plainScore[round] = test.rows() / seconds(start);
            start = System.nanoTime();
            scorer.score(aligned, test, scoreBatch, testOrder, scores);
            alignedScore[round] = test.rows() / seconds(start);
            start = System.nanoTime();
            whole = encoder.encode(wholeTexts).vectors();
            encodeRate[round] = wholeTexts.size() / seconds(start);
        }
        AlignmentTexts composed = builder.build(testRows, "test rows");
        double[] cosine = new double[testRows.rows()];
        for (int row = 0; row < cosine.length; row++) {
            double dot = 0;
            for (int d = 0; d < composed.dim(); d++) {
                dot += composed.pooled()[row * composed.dim() + d] * whole[row][d];
            }
            cosine[row] = dot;
        }
        return new Result(spec.name(), batchSize, rounds, trainRate, alignRate, plainScore, alignedScore, encodeRate,
                testRows.rows(), cosine);
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
