package org.recllm.bench;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Batches of embedding ids in {@code [1, rows)}. How many distinct rows a batch touches decides what sparse gradients
 * save, so both ends are offered: "uniform" (most rows of a 100k table touched by 100k draws: the worst case for the
 * sparse path) and "zipf" (exponent 1.05, hot ids scattered over the table by a random permutation, as hashed
 * categorical features look in CTR logs).
 */
final class SyntheticIds {
    private static final double ZIPF_EXPONENT = 1.05;

    private SyntheticIds() {}

    static int[] draw(String distribution, int rows, int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int[] ids = new int[count];
        switch (distribution) {
            case "uniform" -> {
                for (int i = 0; i < count; i++) {
                    ids[i] = 1 + random.nextInt(rows - 1);
                }
            }
            case "zipf" -> {
                double[] cumulative = new double[rows - 1];
                double total = 0;
                for (int rank = 0; rank < cumulative.length; rank++) {
                    total += Math.pow(rank + 1, -ZIPF_EXPONENT);
                    cumulative[rank] = total;
                }
                int[] rowOfRank = permutation(rows - 1, random);
                for (int i = 0; i < count; i++) {
                    int rank = Arrays.binarySearch(cumulative, random.nextDouble() * total);
                    ids[i] = 1 + rowOfRank[Math.min(rank < 0 ? -rank - 1 : rank, cumulative.length - 1)];
                }
            }
            default -> throw new IllegalArgumentException("unknown id distribution " + distribution + " (uniform, zipf)");
        }
        return ids;
    }

    /** Multi-hot rows of {@code width} slots: each holds 1..width ids, the remaining slots are padding (0). */
    static int[] multiHot(String distribution, int rows, int batch, int width, long seed) {
        int[] ids = draw(distribution, rows, batch * width, seed);
        SplittableRandom random = new SplittableRandom(seed + 1);
        for (int r = 0; r < batch; r++) {
            int length = 1 + random.nextInt(width);
            Arrays.fill(ids, r * width + length, r * width + width, 0);
        }
        return ids;
    }

    private static int[] permutation(int n, SplittableRandom random) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return order;
    }
}
