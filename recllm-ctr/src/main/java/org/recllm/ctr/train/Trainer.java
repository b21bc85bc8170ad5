package org.recllm.ctr.train;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.recllm.core.metrics.Auc;
import org.recllm.core.metrics.GroupAuc;
import org.recllm.core.metrics.LogLoss;
import org.recllm.core.optim.LearningRateSchedule;
import org.recllm.core.optim.Optimizer;
import org.recllm.core.progress.Progress;
import org.recllm.ctr.features.Batch;
import org.recllm.ctr.features.BatchLoader;
import org.recllm.ctr.features.FeatureLayout;
import org.recllm.ctr.models.CtrModel;
import org.recllm.data.protocol.Split;
import org.recllm.data.schema.FieldRole;
import org.recllm.data.store.RowSample;
import org.recllm.data.store.SampleStore;

/**
 * Trains one model on one seed: shuffled mini-batches (the seed changes initialisation, shuffling and dropout only),
 * validation AUC after every epoch with FuxiCTR's plateau rule, and test metrics for the best epoch's weights.
 */
public final class Trainer {
    private final SampleStore store;
    private final FeatureLayout layout;
    private final TrainConfig config;

    public Trainer(SampleStore store, FeatureLayout layout, TrainConfig config) {
        this.store = store;
        this.layout = layout;
        this.config = config;
    }

    public SeedResult train(CtrModel model, long seed, String label) {
        return train(model, seed, label, null);
    }

    /**
     * Trains one seed. With {@code resume}, the run's position is saved there after every epoch (weights, optimizer,
     * best weights, epoch counters, atomically), and a run that finds the file continues after its last finished
     * epoch: each epoch's shuffle and dropout stream derive from the seed and the epoch alone, so a resumed run ends
     * with the same weights and metrics as an uninterrupted one.
     */
    public SeedResult train(CtrModel model, long seed, String label, Path resume) {
        BatchLoader train = new BatchLoader(store.split(Split.TRAIN), layout);
        BatchLoader valid = new BatchLoader(store.split(Split.VALID), layout);
        BatchLoader test = new BatchLoader(store.split(Split.TEST), layout);
        Batch batch = new Batch(layout, config.batchSize());
        Batch evalBatch = new Batch(layout, Math.max(config.batchSize(), 4096));
        float[] validScores = new float[valid.rows()];
        float[] validLabels = store.split(Split.VALID).labels().toArray();
        int[] trainRows = RowSample.spread(train.rows(), config.trainBudget());
        int epochRows = trainRows.length;
        int[] order = new int[epochRows];
        int[] validOrder = Scorer.identity(valid.rows());
        Optimizer optimizer = new Optimizer(model.parameters(), config.optimizer());
        ParameterSnapshot best = new ParameterSnapshot(model.parameters());
        Scorer scorer = new Scorer();
        TrainingStep step = new TrainingStep(model, optimizer, seed);
        LearningRateSchedule schedule = config.scheduleFor(epochRows);
        ResumePoint at = resume != null && Files.exists(resume)
                ? ResumeFiles.load(resume, label, model, optimizer, best) : ResumePoint.start();
        float plateauFactor = at.plateauFactor();
        long stepCount = at.steps();
        float learningRate = schedule.rate(Math.max(1, stepCount));
        List<EpochResult> epochs = new ArrayList<>(at.epochs());
        double bestAuc = at.bestAuc();
        int bestEpoch = at.bestEpoch();
        int stale = at.stale();
        long trainedSamples = at.trainedSamples();
        double trainSeconds = at.trainSeconds();
        boolean stopped = at.epoch() > 0 && (stale >= config.patience() || at.epoch() >= config.epochs());
        for (int epoch = at.epoch() + 1; epoch <= config.epochs() && !stopped; epoch++) {
            long epochSeed = epochSeed(seed, epoch);
            EpochOrder.shuffle(order, epochSeed);
            for (int i = 0; i < epochRows; i++) {
                order[i] = trainRows[order[i]];
            }
            step.reseed(epochSeed);
            double lossSum = 0;
            int batches = 0;
            try (Progress progress = Progress.start(label + " epoch " + epoch, "samples", epochRows)) {
                for (int from = 0; from < epochRows; from += config.batchSize()) {
                    int count = Math.min(config.batchSize(), epochRows - from);
                    train.fill(batch, order, from, count);
                    learningRate = plateauFactor * schedule.rate(++stepCount);
                    lossSum += step.run(batch, learningRate);
                    batches++;
                    progress.advance(count);
                    if ((batches & 7) == 0) {
                        progress.status(String.format(Locale.ROOT, "loss %.4f", lossSum / batches));
                    }
                }
                trainedSamples += epochRows;
                trainSeconds += progress.seconds();
                scorer.score(model, valid, evalBatch, validOrder, validScores);
                double auc = Auc.of(validScores, validLabels);
                double logLoss = LogLoss.of(validScores, validLabels);
                epochs.add(new EpochResult(epoch, lossSum / batches, auc, logLoss, learningRate, progress.seconds()));
                progress.status(String.format(Locale.ROOT, "loss %.4f  valid AUC %.4f  LogLoss %.4f", lossSum / batches, auc, logLoss));
                if (auc > bestAuc) {
                    bestAuc = auc;
                    bestEpoch = epoch;
                    stale = 0;
                    best.capture();
                } else {
                    stale++;
                    if (config.reduceOnPlateau()) {
                        plateauFactor *= 0.1f;
                    }
                    stopped = stale >= config.patience();
                }
            }
            if (resume != null) {
                ResumeFiles.save(resume, label, model, optimizer, best, new ResumePoint(epoch, bestAuc, bestEpoch, stale,
                        plateauFactor, stepCount, trainedSamples, trainSeconds, epochs));
            }
        }
        best.restore();
        float[] testScores = new float[test.rows()];
        scorer.score(model, test, evalBatch, Scorer.identity(test.rows()), testScores);
        float[] testLabels = store.split(Split.TEST).labels().toArray();
        Double userAuc = store.schema().idField(FieldRole.USER_ID)
                .map(field -> GroupAuc.of(testScores, testLabels, store.split(Split.TEST).ints(field.name()).toArray()))
                .orElse(null);
        return new SeedResult(seed, Auc.of(testScores, testLabels), LogLoss.of(testScores, testLabels), bestEpoch, bestAuc,
                trainedSamples / trainSeconds, epochs, testScores, userAuc);
    }

    /** The seed of one epoch's shuffle and dropout: a function of the run's seed and the epoch only. */
    static long epochSeed(long seed, int epoch) {
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + epoch).nextLong();
    }
}
