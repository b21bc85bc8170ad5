package org.recllm.core.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.recllm.core.io.BadInputException;

/**
 * The packed, vectorised SGEMM against a float64 triple loop, over all transpose combinations and awkward shapes,
 * with both micro-kernels (4 rows for AVX2, 8 for AVX-512) whichever CPU runs the test.
 */
class SgemmTest {

    @Property(tries = 80)
    void matchesTheTripleLoop(@ForAll @IntRange(min = 1, max = 150) int m, @ForAll @IntRange(min = 1, max = 150) int n,
                              @ForAll @IntRange(min = 1, max = 300) int k, @ForAll boolean transA, @ForAll boolean transB,
                              @ForAll boolean accumulate, @ForAll boolean eightRows, @ForAll long seed) {
        check(m, n, k, transA, transB, accumulate, eightRows ? 8 : 4, seed);
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 8})
    void largeShapesThatCrossEveryBlockBoundary(int rows) {
        int blockRows = Sgemm.PANELS_PER_BLOCK * rows;
        // Three blocks of k: the first overwrites C (or adds to it), the others add.
        check(blockRows + 5, Sgemm.NC + Sgemm.NR + 3, Sgemm.KC * 2 + 7, false, false, false, rows, 1);
        check(blockRows + 5, Sgemm.NC + Sgemm.NR + 3, Sgemm.KC * 2 + 7, true, true, true, rows, 8);
        check(blockRows + 1, 400, 401, true, false, true, rows, 2);
        check(1024, 400, 160, false, true, false, rows, 3);
        // Just past the panels read in place: A packed interleaved, every transposition, an edge panel of rows.
        int wide = Sgemm.IN_PLACE_PANELS * Sgemm.NR + 1;
        for (int combination = 0; combination < 8; combination++) {
            check(rows * 3 + 1, wide, 37, (combination & 1) != 0, (combination & 2) != 0, (combination & 4) != 0, rows, 5);
        }
        // Rows of A 4 KiB apart (lda = k + 3 = 1024) are copied before the kernel reads them, not read in place.
        check(blockRows + 3, 70, 1021, false, true, true, rows, 4);
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 8})
    void severalBlocksOfKOverwriteThenAddForEveryTransposition(int rows) {
        long seed = 20;
        for (boolean transA : new boolean[] {false, true}) {
            for (boolean transB : new boolean[] {false, true}) {
                for (boolean accumulate : new boolean[] {false, true}) {
                    check(2 * rows + 3, 2 * Sgemm.NR + 5, Sgemm.KC + 7, transA, transB, accumulate, rows, seed++);
                }
            }
        }
    }

    @Test
    void thePublicEntryPointsUseThisCpusKernel() {
        assertTrue(Sgemm.MR == 4 || Sgemm.MR == 8, "MR " + Sgemm.MR);
        assertEquals(Sgemm.rows(System.getProperty("recllm.gemm.rows"), Sgemm.VL), Sgemm.MR);
        check(300, 200, 300, false, false, false, 0, 9);
        check(300, 200, 300, true, true, true, 0, 10);
    }

    @Test
    void aKernelHeightOtherThanFourOrEightIsRefusedByName() {
        assertEquals(8, Sgemm.rows(null, 16));
        assertEquals(4, Sgemm.rows(null, 8));
        assertEquals(8, Sgemm.rows(" 8 ", 8));
        BadInputException error = assertThrows(BadInputException.class, () -> Sgemm.rows("6", 8));
        assertEquals("-Drecllm.gemm.rows: '6': expected 4 or 8 (rows of the GEMM micro-kernel)", error.getMessage());
    }

    @Test
    void thinProductsTakeTheDirectPathsCorrectly() {
        for (boolean transA : new boolean[] {false, true}) {
            for (boolean transB : new boolean[] {false, true}) {
                check(4096, 1, 400, transA, transB, false, 0, 4);
                check(4096, 400, 1, transA, transB, true, 0, 5);
                check(1, 400, 400, transA, transB, false, 0, 6);
                check(3, 7, 2, transA, transB, true, 0, 7);
            }
        }
    }

    /** {@code rows} 0: through the public entry points, else {@link Sgemm#compute} with that kernel height. */
    private static void check(int m, int n, int k, boolean transA, boolean transB, boolean accumulate, int rows,
                              long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int lda = (transA ? m : k) + 3;
        int ldb = (transB ? k : n) + 2;
        int ldc = n + 1;
        float[] a = randoms(random, (transA ? k : m) * lda + 5);
        float[] b = randoms(random, (transB ? n : k) * ldb + 5);
        float[] c = randoms(random, m * ldc + 4);
        float[] expected = c.clone();
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = accumulate ? c[2 + i * ldc + j] : 0;
                for (int p = 0; p < k; p++) {
                    double x = transA ? a[5 + p * lda + i] : a[5 + i * lda + p];
                    double y = transB ? b[3 + j * ldb + p] : b[3 + p * ldb + j];
                    sum += x * y;
                }
                expected[2 + i * ldc + j] = (float) sum;
            }
        }
        if (rows > 0) {
            Sgemm.compute(transA, transB, m, n, k, a, 5, lda, b, 3, ldb, c, 2, ldc, accumulate, rows);
        } else if (accumulate) {
            Sgemm.multiplyAdd(transA, transB, m, n, k, a, 5, lda, b, 3, ldb, c, 2, ldc);
        } else {
            Sgemm.multiply(transA, transB, m, n, k, a, 5, lda, b, 3, ldb, c, 2, ldc);
        }
        for (int i = 0; i < c.length; i++) {
            assertEquals(expected[i], c[i], 1e-4f * Math.max(1, Math.sqrt(k)), "element " + i + " of " + m + "x" + n + "x" + k
                    + " transA=" + transA + " transB=" + transB);
        }
    }

    private static float[] randoms(SplittableRandom random, int n) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return values;
    }
}
