package org.recllm.core.quant;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;
import org.recllm.core.kernels.VectorMath;

/**
 * Vector-API building blocks shared by the storage kernels: the lane count they run at, loads that widen stored
 * int8, nibble, float16 and bfloat16 values to float lanes, and a lane sum whose order never changes.
 *
 * <p>Kernels keep few vector operations per method body (looping over sub-blocks with a variable shift rather than
 * spelling out each nibble position): C2 stops inlining once a method's parse graph passes its node budget, and a
 * Vector API call that is not inlined boxes its vectors, which costs tenfold. The helpers here are inlined whatever
 * C2's heuristics say ({@link org.recllm.core.jit.JitDirectives}), but not past that budget.
 */
final class Lanes {
    /**
     * Float lanes of every kernel. Block kernels step through groups of 16 (a Q6_K scale covers 16 weights) and 32,
     * and byte vectors exist from 64 bits up, so 8 or 16 lanes; other machines run at 8 lanes in software.
     */
    static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED.length() == 8
            || FloatVector.SPECIES_PREFERRED.length() == 16 ? FloatVector.SPECIES_PREFERRED : FloatVector.SPECIES_256;
    static final int L = FLOATS.length();
    static final VectorSpecies<Integer> INTS = VectorSpecies.of(int.class, FLOATS.vectorShape());
    static final VectorSpecies<Short> SHORTS = VectorSpecies.of(short.class, VectorShape.forBitSize(L * 16));
    static final VectorSpecies<Byte> BYTES = VectorSpecies.of(byte.class, VectorShape.forBitSize(L * 8));

    static final ValueLayout.OfShort SHORT_LE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfFloat FLOAT_LE = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfInt INT_LE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfLong LONG_LE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /** 2^112: moves a float16 exponent (bias 15) shifted into float32 position onto float32's bias 127, subnormals included. */
    private static final float HALF_EXPONENT_SHIFT = 0x1p112f;

    private Lanes() {}

    /** x[offset, offset + L) as a vector. */
    static FloatVector x(float[] x, int offset) {
        return FloatVector.fromArray(FLOATS, x, offset);
    }

    /** The float16 scalar at {@code offset} (block scales). */
    static float fp16(MemorySegment data, long offset) {
        return Float.float16ToFloat(data.get(SHORT_LE, offset));
    }

    /**
     * The float16 nearest {@code value}, moved one step away from zero if rounding went towards it: a super-block
     * scale stored this way never shrinks below what its largest sub-scale needs, so that sub-scale fits its bits.
     */
    static short fp16Covering(float value) {
        short half = Float.floatToFloat16(value);
        return Math.abs(Float.float16ToFloat(half)) < Math.abs(value) ? (short) (half + 1) : half;
    }

    /** L raw bytes at {@code offset}. */
    static ByteVector bytes(MemorySegment data, long offset) {
        return ByteVector.fromMemorySegment(BYTES, data, offset, ByteOrder.LITTLE_ENDIAN);
    }

    /** L bytes of {@code bytes} from {@code offset}. */
    static ByteVector bytes(byte[] bytes, int offset) {
        return ByteVector.fromArray(BYTES, bytes, offset);
    }

    /** Byte lanes read as signed integers, widened to float lanes. */
    static FloatVector toFloats(ByteVector bytes) {
        return (FloatVector) bytes.convertShape(VectorOperators.B2F, FLOATS, 0);
    }

    /** L bytes at {@code offset}, unsigned, as int lanes. */
    static IntVector byteInts(MemorySegment data, long offset) {
        return (IntVector) bytes(data, offset).convertShape(VectorOperators.ZERO_EXTEND_B2I, INTS, 0);
    }

    /** L bytes of {@code bytes} from {@code offset}, unsigned, as int lanes. */
    static IntVector byteInts(byte[] bytes, int offset) {
        return (IntVector) bytes(bytes, offset).convertShape(VectorOperators.ZERO_EXTEND_B2I, INTS, 0);
    }

    /** Int lanes to float lanes ({@code convert}: the same-shape {@code convertShape} is not intrinsic). */
    static FloatVector intsToFloats(IntVector ints) {
        return (FloatVector) ints.convert(VectorOperators.I2F, 0);
    }

    /** The four bits of each byte from bit {@code shift} (0: low nibbles, 4: high nibbles), 0..15. */
    static ByteVector nibbles(ByteVector packed, int shift) {
        return packed.lanewise(VectorOperators.LSHR, shift).and((byte) 0x0F);
    }

    /** L float16 values at {@code offset}, widened exactly (subnormals, infinities and NaNs included). */
    static FloatVector halfs(MemorySegment data, long offset) {
        IntVector half = (IntVector) ShortVector.fromMemorySegment(SHORTS, data, offset, ByteOrder.LITTLE_ENDIAN)
                .convertShape(VectorOperators.S2I, INTS, 0);
        IntVector magnitude = half.and(0x7FFF);
        IntVector shifted = magnitude.lanewise(VectorOperators.LSHL, 13);
        // Finite values: exponent and mantissa dropped into float32 position, then rebiased by an exact multiply.
        IntVector finite = shifted.reinterpretAsFloats().mul(HALF_EXPONENT_SHIFT).reinterpretAsInts();
        // Infinities and NaNs keep their mantissa under an all-ones float32 exponent.
        VectorMask<Integer> special = magnitude.compare(VectorOperators.GE, 0x7C00);
        IntVector bits = finite.blend(shifted.or(0x7F800000), special);
        return bits.or(half.and(0x8000).lanewise(VectorOperators.LSHL, 16)).reinterpretAsFloats();
    }

    /** L bfloat16 values at {@code offset}: the high half of a float32, so widening is a shift. */
    static FloatVector bfloats(MemorySegment data, long offset) {
        return ((IntVector) ShortVector.fromMemorySegment(SHORTS, data, offset, ByteOrder.LITTLE_ENDIAN)
                .convertShape(VectorOperators.S2I, INTS, 0)).lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
    }

    /** The sum of the lanes in a fixed order ({@link VectorMath#sumLanes}). */
    static float sum(FloatVector v) {
        return VectorMath.sumLanes(v);
    }
}
