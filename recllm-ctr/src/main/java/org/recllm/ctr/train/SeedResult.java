package org.recllm.ctr.train;

import java.util.List;

/**
 * The outcome of training one seed: test metrics of the epoch picked by validation AUC, and that epoch's test
 * probabilities in test-row order (for breakdowns such as AUC by item popularity).
 */
public record SeedResult(long seed, double testAuc, double testLogLoss, int bestEpoch, double validAuc,
                         double trainSamplesPerSecond, List<EpochResult> epochs, float[] testScores) {}
