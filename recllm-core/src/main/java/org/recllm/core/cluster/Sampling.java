package org.recllm.core.cluster;

import java.util.SplittableRandom;

/** Row draws shared by the clustering code. */
final class Sampling {
    private Sampling() {}

    /** {@code size} distinct rows of {@code rows}, drawn uniformly (a partial Fisher–Yates shuffle). */
    static int[] distinct(int rows, int size, SplittableRandom random) {
        int[] all = new int[rows];
        for (int i = 0; i < rows; i++) {
            all[i] = i;
        }
        for (int i = 0; i < size; i++) {
            int j = i + random.nextInt(rows - i);
            int swap = all[i];
            all[i] = all[j];
            all[j] = swap;
        }
        return java.util.Arrays.copyOf(all, size);
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
