package org.recllm.core.quant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * Every storage type's kernels (dot, matVec, matMul, dotRows, dequantizeRow) against a float64 oracle that decodes the
 * ggml layout with scalar code ({@link GgmlReference}): random shapes, including rows that are not a multiple of the
 * vector width, several blocks per row, heap and native memory at unaligned offsets.
 */
class StorageKernelTest {
    static final List<GgmlType> KERNEL_TYPES = List.of(GgmlType.F32, GgmlType.F16, GgmlType.BF16, GgmlType.Q8_0,
            GgmlType.Q4_0, GgmlType.Q4_K, GgmlType.Q6_K);

    /**
     * Allowed |kernel − float64 reference| as a fraction of Σ|w·x| (the condition of the sum): float32 accumulation in
     * a few hundred vector steps; observed errors stay below 5e-8 (see {@link #measuredErrorOnModelSizedRows}).
     */
    static final double TOLERANCE = 1e-6;

    @Provide
    Arbitrary<GgmlType> types() {
        return Arbitraries.of(KERNEL_TYPES);
    }

    @Property(tries = 250)
    void productsMatchTheFloat64Reference(@ForAll("types") GgmlType type, @ForAll @IntRange(min = 1, max = 21) int rows,
                                          @ForAll @IntRange(min = 1, max = 300) int width,
                                          @ForAll @IntRange(min = 1, max = 36) int count, @ForAll boolean nativeMemory,
                                          @ForAll @IntRange(max = 7) int misalign, @ForAll long seed) {
        int cols = columns(type, width);
        SplittableRandom random = new SplittableRandom(seed);
        try (Arena arena = Arena.ofShared()) { // shared like a mapped model: the products run on the worker pool
            MemorySegment data = RandomWeights.matrix(type, rows, cols, random, nativeMemory ? arena : null, misalign);
            RowMatrix matrix = (RowMatrix) WeightMatrices.of(type, data, rows, cols);
            assertEquals(type, matrix.type());
            double[][] reference = new double[rows][];
            for (int r = 0; r < rows; r++) {
                reference[r] = GgmlReference.row(type, data, r, cols);
            }
            float[] x = RandomWeights.inputs(count * cols, random);

            float[] products = new float[count * rows];
            matrix.matMul(x, count, products);
            for (int i = 0; i < count; i++) {
                float[] single = new float[rows + 3];
                matrix.matVec(x, i * cols, single, 3);
                for (int r = 0; r < rows; r++) {
                    assertWithin(type, reference[r], x, i * cols, single[3 + r]);
                    if (count < RowMatrix.GEMM_INPUTS) {
                        // One pass for a few inputs accumulates each exactly as the single product does.
                        assertEquals(single[3 + r], products[i * rows + r], () -> type + ": matMul differs from matVec");
                    } else {
                        // Many inputs go through SGEMM over decoded panels: another summation order, same accuracy.
                        assertWithin(type, reference[r], x, i * cols, products[i * rows + r]);
                    }
                }
            }
            if (count < RowMatrix.GEMM_INPUTS) {
                float[] viaRows = new float[count * rows];
                float[] terms = matrix.inputTerms(x, 0, count);
                for (int r = 0; r < rows; r++) {
                    matrix.dotRows(r, x, count, terms, viaRows);
                }
                assertArrayEquals(products, viaRows, type + ": dotRows differs from matMul");
            }
        }
    }

    @Property(tries = 120)
    void dequantizedRowsAreTheReferenceValuesAndWhatDotSees(@ForAll("types") GgmlType type,
                                                            @ForAll @IntRange(min = 1, max = 4) int rows,
                                                            @ForAll @IntRange(min = 1, max = 70) int width,
                                                            @ForAll @IntRange(max = 7) int misalign, @ForAll long seed) {
        int cols = columns(type, width);
        SplittableRandom random = new SplittableRandom(seed);
        MemorySegment data = RandomWeights.matrix(type, rows, cols, random, null, misalign);
        RowMatrix matrix = (RowMatrix) WeightMatrices.of(type, data, rows, cols);
        float[] unit = new float[cols];
        for (int r = 0; r < rows; r++) {
            double[] reference = GgmlReference.row(type, data, r, cols);
            float[] row = new float[cols + 2];
            matrix.dequantizeRow(r, row, 2);
            for (int j = 0; j < cols; j++) {
                // Scales, quants and their products fit float32 exactly, so decoding is exact (one rounding for Q4_K's d·s·q − m).
                assertEquals((float) reference[j], row[2 + j], type + " row " + r + " element " + j);
            }
            // A unit input picks one weight out of the vector kernel: the in-register decoding equals dequantizeRow.
            for (int j = 0; j < cols; j++) {
                unit[j] = 1;
                // (delta 0 so that a zero weight, −0 when its scale is negative, equals the +0 sum.)
                assertEquals(row[2 + j], matrix.dot(r, unit, 0, matrix.inputTerms(unit, 0, 1)), 0f, type + " row " + r + " element " + j + " in the kernel");
                unit[j] = 0;
            }
        }
    }

    @Test
    void largeMatricesSplitAcrossWorkersGiveTheSameProducts() {
        SplittableRandom random = new SplittableRandom(7);
        for (GgmlType type : KERNEL_TYPES) {
            int rows = 700;
            int cols = 512;
            MemorySegment data = RandomWeights.matrix(type, rows, cols, random, null, 0);
            WeightMatrix matrix = WeightMatrices.of(type, data, rows, cols);
            float[] x = RandomWeights.inputs(3 * cols, random);
            float[] products = new float[3 * rows];
            matrix.matMul(x, 3, products);
            for (int i = 0; i < 3; i++) {
                float[] single = new float[rows];
                matrix.matVec(x, i * cols, single, 0);
                for (int r = 0; r < rows; r++) {
                    assertEquals(single[r], products[i * rows + r]);
                    if (r % 37 == 0) {
                        assertWithin(type, GgmlReference.row(type, data, r, cols), x, i * cols, single[r]);
                    }
                }
            }
        }
    }

    /** Model-sized rows (4096 wide): the largest error relative to Σ|w·x| per type, printed for the record. */
    @Test
    void measuredErrorOnModelSizedRows() {
        SplittableRandom random = new SplittableRandom(11);
        Map<GgmlType, Double> worst = new EnumMap<>(GgmlType.class);
        for (GgmlType type : KERNEL_TYPES) {
            int rows = 64;
            int cols = 4096;
            MemorySegment data = RandomWeights.matrix(type, rows, cols, random, null, 0);
            WeightMatrix matrix = WeightMatrices.of(type, data, rows, cols);
            float[] x = RandomWeights.inputs(cols, random);
            float[] out = new float[rows];
            matrix.matVec(x, 0, out, 0);
            double max = 0;
            for (int r = 0; r < rows; r++) {
                double[] w = GgmlReference.row(type, data, r, cols);
                max = Math.max(max, Math.abs(out[r] - GgmlReference.dot(w, x, 0)) / magnitude(w, x, 0));
            }
            worst.put(type, max);
            assertTrue(max <= TOLERANCE, type + ": relative error " + max);
        }
        System.out.println("storage kernels, max |error| / sum|w*x| over 64 rows x 4096: " + worst);
    }

    @Test
    void rejectsRowsThatAreNotWholeBlocksAndShortSegments() {
        MemorySegment plenty = MemorySegment.ofArray(new byte[1 << 16]);
        assertThrows(IllegalArgumentException.class, () -> WeightMatrices.of(GgmlType.Q8_0, plenty, 2, 48));
        assertThrows(IllegalArgumentException.class, () -> WeightMatrices.of(GgmlType.Q4_K, plenty, 2, 128));
        assertThrows(IllegalArgumentException.class, () -> WeightMatrices.of(GgmlType.Q6_K, MemorySegment.ofArray(new byte[209]), 1, 256));
        assertThrows(IllegalArgumentException.class, () -> WeightMatrices.of(GgmlType.F16, MemorySegment.ofArray(new byte[9]), 1, 5));
        assertThrows(UnsupportedOperationException.class, () -> WeightMatrices.of(GgmlType.Q5_K, plenty, 1, 256));
        for (GgmlType type : KERNEL_TYPES) {
            assertTrue(type.supported(), type + " has kernels, so it is marked supported");
        }
    }

    /** Element types take any width; block types take 1–8 blocks (1–4 super-blocks for the K types). */
    static int columns(GgmlType type, int width) {
        if (type.blockSize() == 1) {
            return width;
        }
        int blocks = type.blockSize() == 256 ? 1 + width % 4 : 1 + width % 8;
        return blocks * type.blockSize();
    }

    static double magnitude(double[] w, float[] x, int xOffset) {
        double sum = 0;
        for (int j = 0; j < w.length; j++) {
            sum += Math.abs(w[j] * x[xOffset + j]);
        }
        return sum;
    }

    private static void assertWithin(GgmlType type, double[] w, float[] x, int xOffset, float actual) {
        double expected = GgmlReference.dot(w, x, xOffset);
        double allowed = TOLERANCE * magnitude(w, x, xOffset) + 1e-30;
        assertTrue(Math.abs(actual - expected) <= allowed,
                () -> type + ": " + actual + " vs reference " + expected + " (allowed " + allowed + ")");
    }
}
