package org.recllm.ctr.train;

import java.util.SplittableRandom;

/** The order an epoch visits the training rows in: a Fisher–Yates shuffle that depends on its seed alone. */
public final class EpochOrder {
    private EpochOrder() {}

    /** Fills {@code order} with 0..n−1 shuffled by {@code seed}. */
    public static void shuffle(int[] order, long seed) {
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
    }
}
