package org.recllm.core.quant;

import static org.recllm.core.quant.Lanes.SHORT_LE;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;

/**
 * ggml's Q4_0: blocks of 32 weights stored as a float16 scale d and 16 bytes of 4-bit values q; weight = d·(q − 8).
 * Byte j holds weight j in its low nibble and weight j + 16 in its high nibble.
 */
public final class Q4_0Matrix extends ScaledBlockMatrix {
    private static final int BLOCK_BYTES = QUANTS + BLOCK / 2;
    private static final byte OFFSET = 8;

    public Q4_0Matrix(MemorySegment data, int rows, int cols) {
        super(data, rows, cols, GgmlType.Q4_0);
    }

    /**
     * Quantises {@code n} values (a multiple of 32) as ggml's reference does: d = m / −8 where m is the value of
     * largest magnitude (so m itself is stored exactly as q = 0), q = min(15, ⌊x/d + 8.5⌋).
     */
    public static void encode(float[] src, int srcOffset, int n, MemorySegment dst, long dstOffset) {
        requireWholeBlocks(n, GgmlType.Q4_0);
        for (int b = 0; b < n / BLOCK; b++) {
            int from = srcOffset + b * BLOCK;
            long block = dstOffset + (long) b * BLOCK_BYTES;
            float amax = 0;
            float max = 0;
            for (int j = 0; j < BLOCK; j++) {
                float v = src[from + j];
                if (amax < Math.abs(v)) {
                    amax = Math.abs(v);
                    max = v;
                }
            }
            float d = max / -8;
            float inverse = d != 0 ? 1 / d : 0;
            dst.set(SHORT_LE, block, Float.floatToFloat16(d));
            for (int j = 0; j < BLOCK / 2; j++) {
                int low = Math.min(15, (int) (src[from + j] * inverse + 8.5f));
                int high = Math.min(15, (int) (src[from + BLOCK / 2 + j] * inverse + 8.5f));
                dst.set(ValueLayout.JAVA_BYTE, block + QUANTS + j, (byte) (low | high << 4));
            }
        }
    }

    @Override
    public GgmlType type() {
        return GgmlType.Q4_0;
    }

    /**
     * Quants j … j + L: the low nibbles of bytes j … for the first half of the block (elements 0–15), the high
     * nibbles of bytes j − 16 … for the second (16–31); L divides 16, so a step never straddles the halves. Cut out
     * on int lanes: x86 has no byte shifts.
     */
    @Override
    protected FloatVector quants(long block, int j) {
        IntVector packed = Lanes.byteInts(data, block + QUANTS + (j & 15));
        return Lanes.intsToFloats(packed.lanewise(VectorOperators.LSHR, 4 * (j >> 4)).and(0x0F).sub(OFFSET));
    }

    /** The same values cut out on byte lanes: slower (x86 has no byte shifts), but a smaller graph for dotFour. */
    @Override
    protected FloatVector quantsForFour(long block, int j) {
        ByteVector packed = Lanes.bytes(data, block + QUANTS + (j & 15));
        return Lanes.toFloats(Lanes.nibbles(packed, 4 * (j >> 4)).sub(OFFSET));
    }

    /**
     * A step of 16 weights is the low (j = 0) or high (j = 16) nibbles of the block's 16 bytes; a step of 32 (the
     * whole block) is both, the high nibbles moved up into lanes 16–31.
     */
    @Override
    protected ShortVector int8Weights(long block, int j) {
        if (Int8Lanes.STEP == BLOCK / 2) {
            return Int8Lanes.widen(Lanes.nibbles(Int8Lanes.bytes(data, block + QUANTS), 4 * (j >> 4)).sub(OFFSET));
        }
        ShortVector packed = Int8Lanes.widen(Lanes.bytes(data, block + QUANTS));
        ShortVector high = packed.lanewise(VectorOperators.LSHR, 4).and((short) 0x0F).unslice(BLOCK / 2);
        return packed.and((short) 0x0F).or(high).sub((short) OFFSET);
    }

    @Override
    protected int quant(long block, int j) {
        int packed = data.get(ValueLayout.JAVA_BYTE, block + QUANTS + (j & 15)) & 0xFF;
        return ((packed >>> 4 * (j >> 4)) & 0x0F) - OFFSET;
    }
}
