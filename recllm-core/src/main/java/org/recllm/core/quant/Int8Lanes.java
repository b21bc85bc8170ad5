package org.recllm.core.quant;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;
import org.recllm.core.kernels.VectorMath;

/**
 * Vector-API building blocks of the integer kernels (weights times {@link ActivationBlocks}): a step of 2L weights
 * (L the float kernels' lane count: 32 weights on 512-bit machines, 16 on 256-bit ones) widened to 16-bit lanes,
 * multiplied with as many activation quants, the products summed in adjacent pairs into L int lanes, which convert
 * to the float kernels' own lanes for the block's scale.
 *
 * <p>A product of two 8-bit quants has magnitude at most 128 · 127 = 16,256 (activation quants stay within ±127), so
 * a pair sum fits 16 bits: {@link #pairSums} adds each pair inside its 32-bit lane with shifts instead of a widening
 * multiply-add the Vector API does not offer.
 *
 * <p>The shapes are the float kernels' ({@link Lanes#FLOATS}, {@link Lanes#INTS}) on purpose: a second FloatVector
 * class in one JVM (256-bit accumulators beside the 512-bit ones of attention and the float kernels) made C2 give up
 * the intrinsics of the shared vector methods and box every fused multiply-add (3x slower decoding, measured).
 */
final class Int8Lanes {
    static final VectorSpecies<Float> FLOATS = Lanes.FLOATS;
    static final VectorSpecies<Integer> INTS = Lanes.INTS;
    static final VectorSpecies<Short> SHORTS = VectorSpecies.of(short.class, FLOATS.vectorShape());
    static final VectorSpecies<Byte> BYTES = VectorSpecies.of(byte.class, VectorShape.forBitSize(FLOATS.vectorBitSize() / 2));
    /** Weights per step: 32 or 16, a block of 32 or half of one. */
    static final int STEP = SHORTS.length();

    private Int8Lanes() {}

    /** {@link #STEP} raw bytes at {@code offset}. */
    static ByteVector bytes(MemorySegment data, long offset) {
        return ByteVector.fromMemorySegment(BYTES, data, offset, ByteOrder.LITTLE_ENDIAN);
    }

    /** {@link #STEP} bytes of {@code bytes} from {@code offset}. */
    static ByteVector bytes(byte[] bytes, int offset) {
        return ByteVector.fromArray(BYTES, bytes, offset);
    }

    /**
     * Byte lanes read as signed integers, widened to 16 bits; fewer than {@link #STEP} bytes fill the low lanes and
     * leave the others zero.
     */
    static ShortVector widen(ByteVector bytes) {
        return (ShortVector) bytes.convertShape(VectorOperators.B2S, SHORTS, 0);
    }

    /** Lane i: w[2i]·q[at + 2i] + w[2i+1]·q[at + 2i + 1] for i below L, exact. */
    static IntVector pairSums(ShortVector weights, short[] quants, int at) {
        IntVector products = weights.mul(ShortVector.fromArray(SHORTS, quants, at)).reinterpretAsInts();
        // The high half of each lane holds the odd product; adding the even one shifted up sums the pair there.
        return products.add(products.lanewise(VectorOperators.LSHL, 16)).lanewise(VectorOperators.ASHR, 16);
    }

    /**
     * The lane sums in the 8-lane layout, whatever the machine's width: on 16 lanes (a step of 32 weights) the upper
     * half is added onto the lower, exactly (integers), so lane i holds what lane i holds on 8 lanes (where two steps of
     * 16 are added), and the upper half repeats it. Accumulated in float and summed by {@link #sum}, the products are
     * then the same bits on AVX2 and AVX-512 machines.
     */
    static IntVector folded(IntVector sums) {
        return INTS.length() == 16 ? sums.add(sums.rearrange(SWAP_HALVES)) : sums;
    }

    private static final VectorShuffle<Integer> SWAP_HALVES = VectorShuffle.iota(INTS, INTS.length() / 2, 1, true);

    /**
     * acc + float(sums) · scale. ({@code convert}, not {@code convertShape(I2F, FLOATS, 0)}: with equal shapes the
     * latter ran C2's Java fallback here, 5x slower, measured.)
     */
    static FloatVector scaled(IntVector sums, float scale, FloatVector acc) {
        return ((FloatVector) sums.convert(VectorOperators.I2F, 0)).fma(FloatVector.broadcast(FLOATS, scale), acc);
    }

    static FloatVector zero() {
        return FloatVector.zero(FLOATS);
    }

    /**
     * The lane sum in a fixed order ({@link VectorMath#sumLanes}) of an accumulator of {@link #folded} sums: on 16
     * lanes, whose halves are equal, each halving step is the 8-lane one doubled, so half the sum is the 8-lane sum
     * exactly (doubling and halving a float are exact).
     */
    static float sum(FloatVector v) {
        float sum = VectorMath.sumLanes(v);
        return INTS.length() == 16 ? sum * 0.5f : sum;
    }
}
