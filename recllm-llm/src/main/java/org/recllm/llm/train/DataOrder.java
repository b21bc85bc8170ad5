package org.recllm.llm.train;

import java.util.SplittableRandom;

/**
 * The order sequences are trained in: epoch after epoch, each a fresh shuffle seeded by the run's seed and the epoch,
 * so the k-th sequence drawn depends only on k and a resumed run draws exactly what an uninterrupted one would.
 */
final class DataOrder {
    private final int size;
    private final long seed;
    private final int[] permutation;
    private long epoch = -1;

    DataOrder(int size, long seed) {
        this.size = size;
        this.seed = seed;
        this.permutation = new int[size];
    }

    /** The index of the {@code k}-th sequence drawn (0-based over the whole run). */
    int at(long k) {
        long wanted = k / size;
        if (wanted != epoch) {
            epoch = wanted;
            SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + epoch);
            for (int i = 0; i < size; i++) {
                permutation[i] = i;
            }
            for (int i = size - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int swap = permutation[i];
                permutation[i] = permutation[j];
                permutation[j] = swap;
            }
        }
        return permutation[(int) (k % size)];
    }
}
