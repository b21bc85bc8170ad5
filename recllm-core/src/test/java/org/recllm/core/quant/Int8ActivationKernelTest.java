package org.recllm.core.quant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The integer kernels (block-quantised weights times 8-bit activation blocks) against a float64 oracle over the same
 * quantised activations, and the activation quantisation against llama.cpp's rules worked out by hand.
 */
class Int8ActivationKernelTest {
    private static final List<GgmlType> QUANTISED = List.of(GgmlType.Q8_0, GgmlType.Q4_0, GgmlType.Q4_K, GgmlType.Q6_K);

    /** Integer block sums are exact; what remains is float32 scaling and accumulation over a few hundred blocks. */
    private static final double TOLERANCE = 1e-6;

    @Provide
    Arbitrary<GgmlType> types() {
        return Arbitraries.of(QUANTISED);
    }

    @Property(tries = 200)
    void productsMatchTheReferenceOnTheQuantisedActivations(@ForAll("types") GgmlType type,
                                                          @ForAll @IntRange(min = 1, max = 19) int rows,
                                                          @ForAll @IntRange(min = 1, max = 300) int width,
                                                          @ForAll @IntRange(min = 1, max = 40) int count,
                                                          @ForAll @IntRange(max = 7) int misalign, @ForAll long seed) {
        int cols = StorageKernelTest.columns(type, width);
        SplittableRandom random = new SplittableRandom(seed);
        MemorySegment data = RandomWeights.matrix(type, rows, cols, random, null, misalign);
        WeightMatrix matrix = WeightMatrices.of(type, data, rows, cols);
        float[] x = RandomWeights.inputs(count * cols, random);
        Activations activations = new Activations(ActivationPrecision.INT8).set(x, count, cols);
        float[] products = new float[count * rows];
        matrix.matMul(activations, count, 0, products);

        ActivationBlocks blocks = activations.blocks(((RowMatrix) matrix).activationType());
        float[] quantised = blocks.dequantized();
        for (int i = 0; i < count; i++) {
            float[] expectedRow = referenceQuantised(blocks.type(), x, i * cols, cols);
            // (delta 0: a value that rounds to zero is −0 in the reference, +0 from a zero quant.)
            assertArrayEquals(expectedRow, Arrays.copyOfRange(quantised, i * cols, (i + 1) * cols), 0f, type + ": activation row " + i);
            float[] single = new float[rows];
            matrix.matMul(new Activations(ActivationPrecision.INT8).set(Arrays.copyOfRange(x, i * cols, (i + 1) * cols), 1, cols),
                    1, 1, single);
            for (int r = 0; r < rows; r++) {
                double[] w = GgmlReference.row(type, data, r, cols);
                double expected = GgmlReference.dot(w, expectedRow, 0);
                double allowed = TOLERANCE * StorageKernelTest.magnitude(w, expectedRow, 0) + 1e-30;
                assertTrue(Math.abs(single[r] - expected) <= allowed, type + " row " + r + ": " + single[r] + " vs " + expected);
                if (count < RowMatrix.GEMM_INPUTS) {
                    // Inputs that share a pass are each computed as alone.
                    assertEquals(single[r], products[i * rows + r], type + ": input " + i + " row " + r);
                } else {
                    float viaGemm = products[i * rows + r];
                    assertTrue(Math.abs(viaGemm - expected) <= allowed, type + " (GEMM) row " + r + ": " + viaGemm + " vs " + expected);
                }
            }
        }
    }

    @Test
    void exactInputsKeepTheirRowResultsWhenLongInputsTakeTheGemm() {
        SplittableRandom random = new SplittableRandom(3);
        for (GgmlType type : QUANTISED) {
            int rows = 33;
            int cols = 512;
            WeightMatrix matrix = WeightMatrices.of(type, RandomWeights.matrix(type, rows, cols, random, null, 0), rows, cols);
            int count = 3 + RowMatrix.GEMM_INPUTS;
            float[] x = RandomWeights.inputs(count * cols, random);
            float[] mixed = new float[count * rows];
            matrix.matMul(new Activations(ActivationPrecision.INT8).set(x, count, cols), count, 3, mixed);
            float[] alone = new float[3 * rows];
            matrix.matMul(new Activations(ActivationPrecision.INT8).set(x, 3, cols), 3, 3, alone);
            assertArrayEquals(alone, Arrays.copyOf(mixed, 3 * rows), type.toString());
        }
    }

    @Test
    void floatStorageAndFloat32PrecisionMultiplyTheFloatRows() {
        SplittableRandom random = new SplittableRandom(5);
        int rows = 9;
        int cols = 256;
        float[] x = RandomWeights.inputs(2 * cols, random);
        for (GgmlType type : List.of(GgmlType.F32, GgmlType.F16, GgmlType.BF16, GgmlType.Q8_0, GgmlType.Q4_K)) {
            WeightMatrix matrix = WeightMatrices.of(type, RandomWeights.matrix(type, rows, cols, random, null, 0), rows, cols);
            float[] plain = new float[2 * rows];
            matrix.matMul(x, 2, 2, plain);
            float[] viaActivations = new float[2 * rows];
            ActivationPrecision precision = type.blockSize() == 1 ? ActivationPrecision.INT8 : ActivationPrecision.FLOAT32;
            matrix.matMul(new Activations(precision).set(x, 2, cols), 2, 2, viaActivations);
            assertArrayEquals(plain, viaActivations, type + " at " + precision);
        }
    }

    @Test
    void q8_0ActivationsRoundHalfToEvenUnderAFloat16Scale() {
        float[] x = new float[32];
        x[0] = 1.27f; // max |x|: d = 0.01, quant 127
        x[1] = -0.025f; // −2.5 steps: half to even, −2 (roundf would give −3)
        x[2] = 0.035f; // 3.5 steps: 4
        x[3] = -1.27f;
        Activations activations = new Activations(ActivationPrecision.INT8).set(x, 1, 32);
        ActivationBlocks blocks = activations.blocks(GgmlType.Q8_0);
        assertEquals(127, blocks.quants()[0]);
        assertEquals(-2, blocks.quants()[1]);
        assertEquals(4, blocks.quants()[2]);
        assertEquals(-127, blocks.quants()[3]);
        assertEquals(0, blocks.quants()[4]);
        assertEquals(Float.float16ToFloat(Float.floatToFloat16(1.27f / 127)), blocks.scales()[0]);
        assertTrue(blocks.scales()[0] != 1.27f / 127, "the scale is rounded to float16 as llama.cpp stores it");
    }

    @Test
    void q8_KActivationsScaleByTheSignedLargestValueAndKeepSixteenSums() {
        float[] x = new float[512];
        x[5] = -2f; // the largest magnitude is negative: s = −127 / −2 = 63.5
        x[6] = 1f; // 63.5: half to even, 64
        x[7] = 0.5f / 63.5f; // exactly half a step: 0
        x[20] = 2f; // as large as the first, not larger: keeps m = −2, so 2 · 63.5 = 127
        // The second block is all zeros: scale 0, quants 0.
        Activations activations = new Activations(ActivationPrecision.INT8).set(x, 2, 256);
        ActivationBlocks blocks = activations.blocks(GgmlType.Q8_K);
        assertEquals(-127, blocks.quants()[5]);
        assertEquals(64, blocks.quants()[6]);
        assertEquals(0, blocks.quants()[7]);
        assertEquals(127, blocks.quants()[20]);
        assertEquals(1 / 63.5f, blocks.scales()[0]);
        assertEquals(0f, blocks.scales()[1]);
        assertEquals(-127 + 64, blocks.sums()[0]);
        assertEquals(127, blocks.sums()[1]);
        assertEquals(0, blocks.sums()[16]);
        // A largest value that is positive gives a negative step: every quant and the scale change sign.
        x[5] = 2f;
        x[20] = -2f;
        ActivationBlocks flipped = activations.set(x, 2, 256).blocks(GgmlType.Q8_K);
        assertEquals(-127, flipped.quants()[5]);
        assertEquals(-64, flipped.quants()[6]);
        assertEquals(127, flipped.quants()[20]);
        assertEquals(-1 / 63.5f, flipped.scales()[0]);
    }

    @Test
    void rowsThatDoNotFitTheMatrixAreRefused() {
        WeightMatrix matrix = WeightMatrices.of(GgmlType.Q8_0, RandomWeights.matrix(GgmlType.Q8_0, 4, 64, new SplittableRandom(1), null, 0), 4, 64);
        Activations wide = new Activations(ActivationPrecision.INT8).set(new float[128], 1, 128);
        assertThrows(IllegalArgumentException.class, () -> matrix.matMul(wide, 1, 1, new float[4]));
        Activations one = new Activations(ActivationPrecision.INT8).set(new float[64], 1, 64);
        assertThrows(IllegalArgumentException.class, () -> matrix.matMul(one, 2, 2, new float[8]));
        assertThrows(IllegalArgumentException.class, () -> new Activations(ActivationPrecision.INT8).set(new float[10], 1, 64));
    }

    /** llama.cpp's activation quantisation written out per element, in float64 where exact. */
    private static float[] referenceQuantised(GgmlType type, float[] x, int from, int cols) {
        float[] out = new float[cols];
        int block = type.blockSize();
        for (int b = 0; b < cols / block; b++) {
            int start = from + b * block;
            if (type == GgmlType.Q8_0) {
                float amax = 0;
                for (int j = 0; j < block; j++) {
                    amax = Math.max(amax, Math.abs(x[start + j]));
                }
                float d = Float.float16ToFloat(Float.floatToFloat16(amax / 127f));
                float inverse = amax == 0 ? 0 : 127f / amax;
                for (int j = 0; j < block; j++) {
                    out[b * block + j] = (float) Math.rint(x[start + j] * inverse) * d;
                }
            } else {
                float max = 0;
                for (int j = 0; j < block; j++) {
                    if (Math.abs(x[start + j]) > Math.abs(max)) {
                        max = x[start + j];
                    }
                }
                float inverse = max == 0 ? 0 : -127f / max;
                for (int j = 0; j < block; j++) {
                    out[b * block + j] = max == 0 ? 0 : (float) Math.min(127, Math.rint(inverse * x[start + j])) * (1 / inverse);
                }
            }
        }
        return out;
    }
}
