package org.recllm.core.cluster;

import java.util.SplittableRandom;

/** Row draws shared by the clustering code. */
final class Sampling {
    private Sampling() {}

    /** {@code size} distinct rows of {@code rows}, drawn uniformly. */
    static int[] distinct(int rows, int size, SplittableRandom random) {
        int[] all = new int[rows];
        shuffleFront(all, rows, size, random);
        return java.util.Arrays.copyOf(all, size);
    }

    /**
     * Fills {@code indices[0, length)} with 0..length−1 and draws {@code count} of them uniformly without replacement
     * into its front (a partial Fisher–Yates shuffle), in a buffer the caller keeps.
     */
    static void shuffleFront(int[] indices, int length, int count, SplittableRandom random) {
        for (int i = 0; i < length; i++) {
            indices[i] = i;
        }
        for (int i = 0; i < count; i++) {
            int j = i + random.nextInt(length - i);
            int swap = indices[i];
            indices[i] = indices[j];
            indices[j] = swap;
        }
    }

    /** Copies rows {@code chosen} of {@code data} [· × dim] into a new contiguous matrix. */
    static float[] gather(float[] data, int[] chosen, int dim) {
        float[] out = new float[chosen.length * dim];
        for (int i = 0; i < chosen.length; i++) {
            System.arraycopy(data, chosen[i] * dim, out, i * dim, dim);
        }
        return out;
    }
}
