package org.recllm.core.quant;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.SplittableRandom;

/**
 * Random stored matrices of every type for kernel tests: random bytes wherever any byte is valid (quants, packed
 * scales, mins), random finite float16 block scales, random float32/float16/bfloat16 elements. Block types are built
 * directly rather than through a quantiser, so every quant value (−128 for Q8_0, every nibble) occurs.
 */
final class RandomWeights {
    private static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private RandomWeights() {}

    /**
     * A segment holding a [rows, cols] matrix of {@code type}, starting {@code misalign} bytes into a heap array or
     * native memory (GGUF tensors are slices of a mapped file at any 32-byte boundary; kernels must not assume more).
     */
    static MemorySegment matrix(GgmlType type, int rows, int cols, SplittableRandom random, Arena arena, int misalign) {
        long bytes = type.bytesFor((long) rows * cols);
        MemorySegment whole = arena != null ? arena.allocate(bytes + misalign) : MemorySegment.ofArray(new byte[(int) bytes + misalign]);
        MemorySegment data = whole.asSlice(misalign, bytes);
        byte[] noise = new byte[(int) bytes];
        random.nextBytes(noise);
        MemorySegment.copy(noise, 0, data, ValueLayout.JAVA_BYTE, 0, noise.length);
        long blocks = (long) rows * cols / type.blockSize();
        for (long b = 0; b < blocks; b++) {
            long at = b * type.blockBytes();
            switch (type) {
                case F32 -> data.set(ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), at, value(random));
                case F16 -> data.set(SHORT, at, Float.floatToFloat16(value(random)));
                case BF16 -> data.set(SHORT, at, BF16Matrix.toBFloat16(value(random)));
                case Q8_0, Q4_0 -> data.set(SHORT, at, scale(random));
                case Q4_K -> {
                    data.set(SHORT, at, scale(random));
                    data.set(SHORT, at + 2, scale(random));
                }
                case Q6_K -> data.set(SHORT, at + 208, scale(random));
                default -> throw new IllegalArgumentException(type.toString());
            }
        }
        return data;
    }

    /** Elements spread over several binades, signed. */
    static float value(SplittableRandom random) {
        return (float) ((random.nextDouble() * 2 - 1) * Math.pow(2, random.nextInt(-4, 3)));
    }

    /** A finite float16 scale of either sign, small as in real models. */
    private static short scale(SplittableRandom random) {
        return Float.floatToFloat16((float) ((random.nextDouble() * 2 - 1) * 0.05));
    }

    static float[] inputs(int n, SplittableRandom random) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return x;
    }
}
