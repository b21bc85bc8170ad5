package org.recllm.core.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The float32 encoders against ggml's reference rounding: Q8_0 and Q4_0 errors within half a quantisation step, the
 * rounding of ties, float16/bfloat16 conversions exact on every representable value.
 */
class QuantizerTest {
    private static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    @Property(tries = 200)
    void q8_0ErrorIsAtMostHalfAStep(@ForAll @IntRange(min = 1, max = 6) int blocks, @ForAll long seed) {
        float[] x = values(blocks * 32, seed);
        MemorySegment data = encode(GgmlType.Q8_0, x);
        float[] decoded = decode(GgmlType.Q8_0, data, x.length);
        for (int b = 0; b < blocks; b++) {
            float amax = 0;
            for (int j = 0; j < 32; j++) {
                amax = Math.max(amax, Math.abs(x[b * 32 + j]));
            }
            float d = amax / 127;
            float stored = Float.float16ToFloat(data.get(SHORT, b * 34L));
            assertEquals(Float.float16ToFloat(Float.floatToFloat16(d)), stored, "d = max|x| / 127, stored as float16");
            for (int j = 0; j < 32; j++) {
                int q = data.get(ValueLayout.JAVA_BYTE, b * 34L + 2 + j);
                assertTrue(q >= -127 && q <= 127);
                // Half a step, plus what rounding d to float16 moves q·d by.
                double allowed = d / 2 * (1 + 1e-6) + Math.abs(q) * Math.abs(d - stored);
                assertTrue(Math.abs(x[b * 32 + j] - decoded[b * 32 + j]) <= allowed,
                        "element " + j + ": " + x[b * 32 + j] + " became " + decoded[b * 32 + j]);
            }
        }
    }

    @Property(tries = 200)
    void q4_0ErrorIsAtMostHalfAStepExceptAtTheClampedEnd(@ForAll @IntRange(min = 1, max = 6) int blocks, @ForAll long seed) {
        float[] x = values(blocks * 32, seed);
        MemorySegment data = encode(GgmlType.Q4_0, x);
        float[] decoded = decode(GgmlType.Q4_0, data, x.length);
        for (int b = 0; b < blocks; b++) {
            float max = 0;
            for (int j = 0; j < 32; j++) {
                if (Math.abs(x[b * 32 + j]) > Math.abs(max)) {
                    max = x[b * 32 + j];
                }
            }
            float d = max / -8;
            float stored = Float.float16ToFloat(data.get(SHORT, b * 18L));
            assertEquals(Float.float16ToFloat(Float.floatToFloat16(d)), stored, "d = max / -8, stored as float16");
            for (int j = 0; j < 32; j++) {
                float v = x[b * 32 + j];
                int packed = data.get(ValueLayout.JAVA_BYTE, b * 18L + 2 + j % 16) & 0xFF;
                int q = j < 16 ? packed & 15 : packed >>> 4;
                double slack = 8 * Math.abs(d - stored) + Math.abs(d) * 1e-6;
                // x/d above 7.5 would round to 16 and is clamped to 15: the one place the error reaches a whole step.
                double allowed = (q == 15 && v / d > 7.5 ? Math.abs(d) : Math.abs(d) / 2) + slack;
                assertTrue(Math.abs(v - decoded[b * 32 + j]) <= allowed, "element " + j + ": " + v + " became " + decoded[b * 32 + j]);
                if (v == max) {
                    assertEquals(0, q, "the largest magnitude is stored as q = 0, exactly −8·d");
                }
            }
        }
    }

    /**
     * The plain K-quant encoders on Gaussian rows of mixed spread: each value within about one quantisation step of
     * its group (plus a unit of the stored super-block scales), and the relative RMS error small (measured about
     * 0.08 for Q4_K and 0.019 for Q6_K, the rounding noise of 15 and 63 steps over a Gaussian group).
     */
    @Property(tries = 60)
    void kQuantEncodersStayWithinAStep(@ForAll @IntRange(min = 1, max = 3) int blocks, @ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] x = new float[blocks * 256];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian() * (i / 32 % 3 + 1);
        }
        checkKQuant(GgmlType.Q4_K, x, 32, 0.1);
        checkKQuant(GgmlType.Q6_K, x, 16, 0.025);
    }

    private static void checkKQuant(GgmlType type, float[] x, int group, double maxRelativeRms) {
        MemorySegment data = encode(type, x);
        float[] decoded = decode(type, data, x.length);
        double squaredError = 0;
        double squares = 0;
        for (int i = 0; i < x.length; i++) {
            double spread = 0;
            for (int j = i / group * group; j < i / group * group + group; j++) {
                spread = Math.max(spread, Math.abs(x[j]));
            }
            long block = (long) i / 256 * type.blockBytes();
            double allowed;
            if (type == GgmlType.Q4_K) {
                // Half a step of a range up to twice the spread over 15 levels; the 6-bit scale and min add up to d and dmin.
                allowed = spread / 15 + Float.float16ToFloat(data.get(SHORT, block)) + Float.float16ToFloat(data.get(SHORT, block + 2));
            } else {
                // Opposite-sign values may clamp at +31: a whole step of spread / 32, plus a unit d of the int8 scale.
                allowed = spread / 32 + Math.abs(Float.float16ToFloat(data.get(SHORT, block + 208)));
            }
            assertTrue(Math.abs(x[i] - decoded[i]) <= allowed * 1.001, type + " element " + i + ": " + x[i] + " became " + decoded[i]);
            squaredError += (x[i] - decoded[i]) * (x[i] - decoded[i]);
            squares += x[i] * x[i];
        }
        double relative = Math.sqrt(squaredError / squares);
        assertTrue(relative < maxRelativeRms, type + " relative RMS error " + relative);
    }

    @Test
    void q8_0RoundsHalvesAwayFromZeroLikeCRoundf() {
        float[] x = new float[32];
        x[0] = 127; // d = 1
        x[1] = 2.5f;
        x[2] = -2.5f;
        x[3] = 0.5f;
        x[4] = -0.5f;
        x[5] = 0.49f;
        MemorySegment data = encode(GgmlType.Q8_0, x);
        int[] expected = {127, 3, -3, 1, -1, 0};
        for (int j = 0; j < expected.length; j++) {
            assertEquals(expected[j], data.get(ValueLayout.JAVA_BYTE, 2 + j), "element " + j);
        }
    }

    @Test
    void q4_0FollowsTheReferenceTruncationAndClamp() {
        float[] x = new float[32];
        x[0] = -8; // the largest magnitude: d = 1, stored as q = 0
        x[1] = 7; // 15
        x[2] = 7.6f; // 16.1 truncates to 16, clamped to 15
        x[3] = 0.49f; // 8.99 truncates to 8: value 0
        x[4] = 0.5f; // 9: value 1
        x[16] = -7.5f; // 1 (high nibble of byte 0)
        MemorySegment data = encode(GgmlType.Q4_0, x);
        assertEquals(1f, Float.float16ToFloat(data.get(SHORT, 0)), "d = -8 / -8");
        float[] decoded = decode(GgmlType.Q4_0, data, 32);
        float[] expected = {-8, 7, 7, 0, 1};
        for (int j = 0; j < expected.length; j++) {
            assertEquals(expected[j], decoded[j], "element " + j);
        }
        assertEquals(-7f, decoded[16]);
        assertEquals(0 | 1 << 4, data.get(ValueLayout.JAVA_BYTE, 2) & 0xFF, "low nibble element 0, high nibble element 16");
    }

    @Test
    void allZeroBlocksStayZero() {
        for (GgmlType type : new GgmlType[] {GgmlType.Q8_0, GgmlType.Q4_0, GgmlType.Q4_K, GgmlType.Q6_K}) {
            float[] decoded = decode(type, encode(type, new float[256]), 256);
            for (float v : decoded) {
                assertEquals(0f, v, 0f);
            }
        }
    }

    @Test
    void float16EncodingIsExactOnEveryFloat16AndTheVectorDecoderAgrees() {
        MemorySegment all = MemorySegment.ofArray(new byte[2 * 65536]);
        for (int bits = 0; bits < 65536; bits++) {
            all.set(SHORT, 2L * bits, (short) bits);
        }
        float[] scalar = new float[65536];
        for (int bits = 0; bits < 65536; bits++) {
            scalar[bits] = Float.float16ToFloat((short) bits);
        }
        MemorySegment again = MemorySegment.ofArray(new byte[2 * 65536]);
        F16Matrix.encode(scalar, 0, 65536, again, 0);
        for (int bits = 0; bits < 65536; bits++) {
            if (!Float.isNaN(scalar[bits])) {
                assertEquals((short) bits, again.get(SHORT, 2L * bits), "float16 " + Integer.toHexString(bits));
            }
        }
        for (int bits = 0; bits < 65536; bits += Lanes.L) {
            float[] lanes = Lanes.halfs(all, 2L * bits).toArray();
            for (int i = 0; i < Lanes.L; i++) {
                String what = "float16 " + Integer.toHexString(bits + i) + " widened in lanes";
                if (Float.isNaN(scalar[bits + i])) {
                    // Float.float16ToFloat quiets signalling NaNs; a NaN weight is a NaN either way.
                    assertTrue(Float.isNaN(lanes[i]), what);
                } else {
                    assertEquals(Float.floatToRawIntBits(scalar[bits + i]), Float.floatToRawIntBits(lanes[i]), what);
                }
            }
        }
    }

    @Test
    void bfloat16EncodingIsExactOnEveryBfloat16AndRoundsTiesToEven() {
        MemorySegment all = MemorySegment.ofArray(new byte[2 * 65536]);
        for (int bits = 0; bits < 65536; bits++) {
            all.set(SHORT, 2L * bits, (short) bits);
            float value = BF16Matrix.fromBFloat16((short) bits);
            assertEquals(bits << 16, Float.floatToRawIntBits(value));
            if (Float.isNaN(value)) {
                assertTrue(Float.isNaN(BF16Matrix.fromBFloat16(BF16Matrix.toBFloat16(value))), "NaN stays NaN");
            } else {
                assertEquals((short) bits, BF16Matrix.toBFloat16(value));
            }
        }
        for (int bits = 0; bits < 65536; bits += Lanes.L) {
            float[] lanes = Lanes.bfloats(all, 2L * bits).toArray();
            for (int i = 0; i < Lanes.L; i++) {
                assertEquals((bits + i) << 16, Float.floatToRawIntBits(lanes[i]));
            }
        }
        assertEquals(1f, BF16Matrix.fromBFloat16(BF16Matrix.toBFloat16(1 + 0x1p-8f)), "tie to the even 1.0");
        assertEquals(1 + 0x1p-6f, BF16Matrix.fromBFloat16(BF16Matrix.toBFloat16(1 + 3 * 0x1p-8f)), "tie to the even 1 + 2^-6");
        assertEquals(1 + 0x1p-7f, BF16Matrix.fromBFloat16(BF16Matrix.toBFloat16(1 + 0x1p-8f + 0x1p-20f)), "above the tie rounds up");
    }

    @Test
    void plainTypesRoundTripThroughTheirMatrices() {
        float[] x = values(77, 5);
        for (GgmlType type : new GgmlType[] {GgmlType.F32, GgmlType.F16, GgmlType.BF16}) {
            float[] decoded = decode(type, encode(type, x), x.length);
            for (int j = 0; j < x.length; j++) {
                float expected = switch (type) {
                    case F16 -> Float.float16ToFloat(Float.floatToFloat16(x[j]));
                    case BF16 -> BF16Matrix.fromBFloat16(BF16Matrix.toBFloat16(x[j]));
                    default -> x[j];
                };
                assertEquals(expected, decoded[j], type + " element " + j);
            }
        }
    }

    @Test
    void encodersRejectPartialBlocksAndTypesWithoutAnEncoder() {
        MemorySegment room = MemorySegment.ofArray(new byte[4096]);
        assertThrows(IllegalArgumentException.class, () -> WeightMatrices.encode(GgmlType.Q8_0, new float[40], 0, 40, room, 0));
        assertThrows(IllegalArgumentException.class, () -> WeightMatrices.encode(GgmlType.Q4_K, new float[300], 0, 300, room, 0));
        assertThrows(UnsupportedOperationException.class, () -> WeightMatrices.encode(GgmlType.Q5_K, new float[256], 0, 256, room, 0));
    }

    private static float[] values(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = RandomWeights.value(random);
        }
        return x;
    }

    private static MemorySegment encode(GgmlType type, float[] x) {
        MemorySegment data = MemorySegment.ofArray(new byte[(int) type.bytesFor(x.length)]);
        WeightMatrices.encode(type, x, 0, x.length, data, 0);
        return data;
    }

    private static float[] decode(GgmlType type, MemorySegment data, int n) {
        float[] out = new float[n];
        WeightMatrices.of(type, data, 1, n).dequantizeRow(0, out, 0);
        return out;
    }
}
