package org.recllm.core.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Residual k-means: each level explains part of what the previous left, codes reconstruct rows, new rows encode alike. */
class ResidualKMeansTest {

    /**
     * 4 coarse centres far apart (±10 on two axes), around each 4 fine offsets (±1), plus noise of 0.05: two levels of
     * k = 4 find both structures exactly, so the error left is the noise alone.
     */
    @Test
    void twoLevelsRecoverCoarseAndFineStructure() {
        int rows = 800;
        int dim = 4;
        SplittableRandom random = new SplittableRandom(3);
        float[] data = new float[rows * dim];
        int[] coarse = new int[rows];
        int[] fine = new int[rows];
        for (int r = 0; r < rows; r++) {
            coarse[r] = random.nextInt(4);
            fine[r] = random.nextInt(4);
            data[r * dim] = (coarse[r] & 1) == 0 ? -10 : 10;
            data[r * dim + 1] = (coarse[r] & 2) == 0 ? -10 : 10;
            data[r * dim + 2] = (fine[r] & 1) == 0 ? -1 : 1;
            data[r * dim + 3] = (fine[r] & 2) == 0 ? -1 : 1;
            for (int j = 0; j < dim; j++) {
                data[r * dim + j] += (float) (random.nextGaussian() * 0.05);
            }
        }
        ResidualCodes codes = ResidualKMeans.fit(data, rows, dim, 2, KMeansConfig.lloyd(4, 1));
        assertEquals(rows, codes.rows());
        // Codes name the same partitions as the truth (up to relabelling): one code per true coarse group and fine offset.
        int[] coarseToCode = new int[4];
        int[] fineToCode = new int[4];
        java.util.Arrays.fill(coarseToCode, -1);
        java.util.Arrays.fill(fineToCode, -1);
        for (int r = 0; r < rows; r++) {
            coarseToCode[coarse[r]] = check(coarseToCode[coarse[r]], codes.codes()[r * 2], "coarse", r);
            fineToCode[fine[r]] = check(fineToCode[fine[r]], codes.codes()[r * 2 + 1], "fine", r);
        }
        assertEquals(4, java.util.Arrays.stream(coarseToCode).distinct().count());
        assertEquals(4, java.util.Arrays.stream(fineToCode).distinct().count());
        double noise = rows * dim * 0.05 * 0.05;
        assertTrue(codes.inertia()[0] > 100 * noise, "level 0 leaves the fine offsets: " + codes.inertia()[0]);
        // Not exactly the noise: each coarse group holds its fine offsets in its own proportions, so the shared level-1
        // centroids fit every group a little off.
        assertTrue(codes.inertia()[1] < 1.5 * noise, "level 1 leaves about the noise: " + codes.inertia()[1] + " vs " + noise);
        float[] rebuilt = new float[dim];
        float[] residual = new float[dim];
        int[] encoded = new int[2];
        for (int r = 0; r < rows; r++) {
            codes.reconstruct(r, rebuilt);
            for (int j = 0; j < dim; j++) {
                assertEquals(data[r * dim + j], rebuilt[j], 0.3f, "row " + r);
            }
            codes.encode(java.util.Arrays.copyOfRange(data, r * dim, r * dim + dim), residual, encoded);
            assertArrayEquals(java.util.Arrays.copyOfRange(codes.codes(), r * 2, r * 2 + 2), encoded, "row " + r);
        }
    }

    private static int check(int known, int code, String level, int row) {
        assertTrue(known < 0 || known == code, level + " code of row " + row + ": " + code + ", its group had " + known);
        return code;
    }

    @Test
    void eachLevelLowersTheErrorAndTheInputIsUntouched() {
        int rows = 500;
        int dim = 8;
        SplittableRandom random = new SplittableRandom(5);
        float[] data = new float[rows * dim];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) random.nextGaussian();
        }
        float[] copy = data.clone();
        ResidualCodes codes = ResidualKMeans.fit(data, rows, dim, 3, KMeansConfig.lloyd(8, 2));
        assertArrayEquals(copy, data);
        double total = 0;
        for (float v : data) {
            total += v * v;
        }
        assertTrue(codes.inertia()[0] < total && codes.inertia()[1] < codes.inertia()[0]
                && codes.inertia()[2] < codes.inertia()[1], java.util.Arrays.toString(codes.inertia()) + " of " + total);
        assertThrows(IllegalArgumentException.class, () -> ResidualKMeans.fit(data, rows, dim, 0, KMeansConfig.lloyd(8, 2)));
    }
}
