package org.recllm.ctr.train;

import java.util.List;

/**
 * The outcome of training one seed: test metrics of the epoch picked by validation AUC, and that epoch's test
 * probabilities in test-row order (for breakdowns such as AUC by item popularity).
 *
 * @param testUserAuc the test AUC within each user, weighted by the user's rows (DIN's gAUC); null when the samples
 *                    have no user-id field (or the run was journaled before it was measured)
 */
public record SeedResult(long seed, double testAuc, double testLogLoss, int bestEpoch, double validAuc,
                         double trainSamplesPerSecond, List<EpochResult> epochs, float[] testScores, Double testUserAuc) {}
