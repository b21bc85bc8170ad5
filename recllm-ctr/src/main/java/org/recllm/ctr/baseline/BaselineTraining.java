package org.recllm.ctr.baseline;

import java.util.SplittableRandom;
import org.recllm.core.metrics.Auc;
import org.recllm.core.metrics.LogLoss;
import org.recllm.core.progress.Progress;
import org.recllm.data.protocol.Split;
import org.recllm.data.store.SampleStore;

/**
 * Trains the logistic-regression baseline on a sample store: shuffled epochs (the seed changes only the shuffle),
 * early stopping on validation AUC, and one evaluation of the best epoch's weights on test.
 */
public final class BaselineTraining {
    /** Hyper-parameters of the baseline; defaults chosen on ML100K-U1 validation AUC. */
    public record Config(int maxEpochs, int patience, float learningRate, float l2) {
        public static Config defaults() {
            return new Config(60, 3, 0.1f, 1e-4f);
        }
    }

    /** The outcome of one seed. */
    public record Result(long seed, int bestEpoch, double validAuc, double testAuc, double testLogLoss,
                         double trainSamplesPerSecond) {}

    private BaselineTraining() {}

    public static Result run(SampleStore store, Config config, long seed) {
        SparseRows train = SparseRows.of(store, store.split(Split.TRAIN));
        SparseRows valid = SparseRows.of(store, store.split(Split.VALID));
        SparseRows test = SparseRows.of(store, store.split(Split.TEST));
        LogisticRegression model = new LogisticRegression(train.dimension, config.learningRate(), config.l2());
        LogisticRegression best = model.copy();
        double bestAuc = Double.NEGATIVE_INFINITY;
        int bestEpoch = 0;
        int[] order = new int[train.rows];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        float[] validScores = new float[valid.rows];
        double samplesPerSecond;
        SplittableRandom random = new SplittableRandom(seed);
        try (Progress progress = Progress.start("lr seed " + seed, "samples", (long) config.maxEpochs() * train.rows)) {
            for (int epoch = 1; epoch <= config.maxEpochs(); epoch++) {
                shuffle(order, random);
                for (int i = 0; i < order.length; i++) {
                    int row = order[i];
                    model.step(train.indices, row * train.slots, train.slots, train.labels[row]);
                    if ((i & 4095) == 4095) {
                        progress.advance(4096);
                    }
                }
                progress.advance(order.length & 4095);
                model.predict(valid, validScores);
                double auc = Auc.of(validScores, valid.labels);
                progress.status(String.format(java.util.Locale.ROOT, "epoch %d valid AUC %.4f (best %d)",
                        epoch, auc, auc > bestAuc ? epoch : bestEpoch));
                if (auc > bestAuc) {
                    bestAuc = auc;
                    bestEpoch = epoch;
                    best = model.copy();
                } else if (epoch - bestEpoch >= config.patience()) {
                    break;
                }
            }
            samplesPerSecond = progress.rate();
        }
        float[] testScores = new float[test.rows];
        best.predict(test, testScores);
        return new Result(seed, bestEpoch, bestAuc, Auc.of(testScores, test.labels), LogLoss.of(testScores, test.labels),
                samplesPerSecond);
    }

    private static void shuffle(int[] order, SplittableRandom random) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
    }
}
