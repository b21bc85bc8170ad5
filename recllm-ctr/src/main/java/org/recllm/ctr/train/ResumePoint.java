package org.recllm.ctr.train;

import java.util.List;

/**
 * Where a training run stands after a finished epoch, saved with the weights, the optimizer state and the best
 * epoch's weights so that a killed run continues from there and ends exactly as an uninterrupted one would.
 */
record ResumePoint(int epoch, double bestAuc, int bestEpoch, int stale, float plateauFactor, long steps,
                   long trainedSamples, double trainSeconds, List<EpochResult> epochs) {

    static ResumePoint start() {
        return new ResumePoint(0, Double.NEGATIVE_INFINITY, 0, 0, 1f, 0, 0, 0, List.of());
    }
}
