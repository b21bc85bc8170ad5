package org.recllm.core.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;
import org.recllm.core.jit.JitDirectives;

/** Vector API building blocks over heap float arrays: dot, axpy, scale, sums, maxima and exponentials. */
public final class VectorMath {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int VL = S.length();

    static {
        // Before any caller gets hot: the rules decide whether these helpers are inlined (JitDirectives).
        JitDirectives.installed();
    }

    private VectorMath() {}

    public static float dot(float[] x, int xOffset, float[] y, int yOffset, int n) {
        int i = 0;
        FloatVector acc0 = FloatVector.zero(S);
        FloatVector acc1 = FloatVector.zero(S);
        for (; i + 2 * VL <= n; i += 2 * VL) {
            acc0 = FloatVector.fromArray(S, x, xOffset + i).fma(FloatVector.fromArray(S, y, yOffset + i), acc0);
            acc1 = FloatVector.fromArray(S, x, xOffset + i + VL).fma(FloatVector.fromArray(S, y, yOffset + i + VL), acc1);
        }
        float sum = sumLanes(acc0.add(acc1));
        for (; i < n; i++) {
            sum += x[xOffset + i] * y[yOffset + i];
        }
        return sum;
    }

    /** y += alpha · x. */
    public static void axpy(float alpha, float[] x, int xOffset, float[] y, int yOffset, int n) {
        int i = 0;
        FloatVector a = FloatVector.broadcast(S, alpha);
        for (; i + VL <= n; i += VL) {
            FloatVector.fromArray(S, x, xOffset + i).fma(a, FloatVector.fromArray(S, y, yOffset + i)).intoArray(y, yOffset + i);
        }
        for (; i < n; i++) {
            y[yOffset + i] += alpha * x[xOffset + i];
        }
    }

    /** y += x. */
    public static void add(float[] x, int xOffset, float[] y, int yOffset, int n) {
        int i = 0;
        for (; i + VL <= n; i += VL) {
            FloatVector.fromArray(S, x, xOffset + i).add(FloatVector.fromArray(S, y, yOffset + i)).intoArray(y, yOffset + i);
        }
        for (; i < n; i++) {
            y[yOffset + i] += x[xOffset + i];
        }
    }

    /** x *= alpha. */
    public static void scale(float alpha, float[] x, int offset, int n) {
        int i = 0;
        for (; i + VL <= n; i += VL) {
            FloatVector.fromArray(S, x, offset + i).mul(alpha).intoArray(x, offset + i);
        }
        for (; i < n; i++) {
            x[offset + i] *= alpha;
        }
    }

    public static float sum(float[] x, int offset, int n) {
        int i = 0;
        FloatVector acc = FloatVector.zero(S);
        for (; i + VL <= n; i += VL) {
            acc = acc.add(FloatVector.fromArray(S, x, offset + i));
        }
        float sum = sumLanes(acc);
        for (; i < n; i++) {
            sum += x[offset + i];
        }
        return sum;
    }

    public static float sumOfSquares(float[] x, int offset, int n) {
        return dot(x, offset, x, offset, n);
    }

    /** The largest of x[offset, offset + n); −∞ for none. */
    public static float max(float[] x, int offset, int n) {
        int i = 0;
        FloatVector acc = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        for (; i + VL <= n; i += VL) {
            acc = acc.max(FloatVector.fromArray(S, x, offset + i));
        }
        float max = acc.reduceLanes(VectorOperators.MAX);
        for (; i < n; i++) {
            max = Math.max(max, x[offset + i]);
        }
        return max;
    }

    /**
     * Replaces x[offset, offset + n) by e^((x − shift)·scale) and returns their sum: a softmax row's numerators once
     * {@code shift} is the row's maximum.
     */
    public static float exponentiate(float[] x, int offset, int n, float shift, float scale) {
        int i = 0;
        FloatVector acc = FloatVector.zero(S);
        for (; i + VL <= n; i += VL) {
            FloatVector e = exp(FloatVector.fromArray(S, x, offset + i).sub(shift).mul(scale));
            e.intoArray(x, offset + i);
            acc = acc.add(e);
        }
        float sum = sumLanes(acc);
        for (; i < n; i++) {
            float e = exp((x[offset + i] - shift) * scale);
            x[offset + i] = e;
            sum += e;
        }
        return sum;
    }

    /**
     * Replaces x[offset, offset + n) (n ≥ 1, not all −∞) by softmax(scale · x): a row of attention scores becomes its
     * probabilities.
     */
    public static void softmax(float[] x, int offset, int n, float scale) {
        float max = max(x, offset, n);
        float sum = exponentiate(x, offset, n, max, scale);
        scale(1f / sum, x, offset, n);
    }

    /** Σ e^(x − shift) over x[offset, offset + n), x unchanged. */
    public static float sumOfExponentials(float[] x, int offset, int n, float shift) {
        int i = 0;
        FloatVector acc = FloatVector.zero(S);
        for (; i + VL <= n; i += VL) {
            acc = acc.add(exp(FloatVector.fromArray(S, x, offset + i).sub(shift)));
        }
        float sum = sumLanes(acc);
        for (; i < n; i++) {
            sum += exp(x[offset + i] - shift);
        }
        return sum;
    }

    /** y += alpha · e^(x − shift) over n values: the softmax part of a cross-entropy gradient. */
    public static void addExponentials(float alpha, float[] x, int xOffset, float shift, float[] y, int yOffset, int n) {
        int i = 0;
        FloatVector a = FloatVector.broadcast(S, alpha);
        for (; i + VL <= n; i += VL) {
            exp(FloatVector.fromArray(S, x, xOffset + i).sub(shift))
                    .fma(a, FloatVector.fromArray(S, y, yOffset + i)).intoArray(y, yOffset + i);
        }
        for (; i < n; i++) {
            y[yOffset + i] = Math.fma(exp(x[xOffset + i] - shift), alpha, y[yOffset + i]);
        }
    }

    private static final float LOG2_E = 1.44269504088896341f;
    /** ln 2 in two parts, the first with few enough bits that n · LN2_HIGH is exact. */
    private static final float LN2_HIGH = 0.693359375f;
    private static final float LN2_LOW = -2.12194440e-4f;
    /** 1.5 · 2²³: adding and subtracting it rounds a float of magnitude below 2²² to the nearest integer. */
    private static final float ROUNDER = 12582912f;
    private static final float EXP_HIGHEST = 88.3762626647949f;
    private static final float EXP_LOWEST = -87.3365447504019f;

    /**
     * e^x lane by lane, within 2 ulp of the exact value for x in [−87.3, 88.3] (outside, the bounds' values: below,
     * the smallest normal float, not 0 — also for −∞, so a softmax never divides by zero but gives such a position
     * about 1e-38, not nothing). Written out in adds, multiplies and fused multiply-adds rather than the
     * Vector API's {@code EXP}, whose compiled form (the platform's vector math library) and whose interpreted form
     * ({@code Math.exp} per lane) may differ in the last bit: this one gives the same bits interpreted or compiled, so
     * a training run repeats and resumes bit for bit. Range reduction e^x = 2ⁿ·e^r with |r| ≤ ln2/2, then Cephes'
     * degree-6 polynomial for e^r.
     */
    public static FloatVector exp(FloatVector x) {
        x = x.min(EXP_HIGHEST).max(EXP_LOWEST);
        FloatVector shifted = x.fma(LOG2_E, ROUNDER);
        FloatVector n = shifted.sub(ROUNDER);
        FloatVector r = n.fma(FloatVector.broadcast(x.species(), -LN2_HIGH), x);
        r = n.fma(FloatVector.broadcast(x.species(), -LN2_LOW), r);
        FloatVector p = r.fma(1.9875691500e-4f, 1.3981999507e-3f);
        p = p.fma(r, FloatVector.broadcast(x.species(), 8.3334519073e-3f));
        p = p.fma(r, FloatVector.broadcast(x.species(), 4.1665795894e-2f));
        p = p.fma(r, FloatVector.broadcast(x.species(), 1.6666665459e-1f));
        p = p.fma(r, FloatVector.broadcast(x.species(), 5.0000001201e-1f));
        p = p.fma(r.mul(r), r).add(1f);
        // 2ⁿ from the rounded sum's low bits: its integer part sits in the mantissa's bottom bits.
        IntVector exponent = shifted.reinterpretAsInts().sub(Float.floatToRawIntBits(ROUNDER) - 127)
                .lanewise(VectorOperators.LSHL, 23);
        return p.mul(exponent.reinterpretAsFloats());
    }

    /** {@link #exp(FloatVector)} for one value, in the same operations, so a row's tail rounds as its vectors do. */
    public static float exp(float x) {
        x = Math.max(Math.min(x, EXP_HIGHEST), EXP_LOWEST);
        float shifted = Math.fma(x, LOG2_E, ROUNDER);
        float n = shifted - ROUNDER;
        float r = Math.fma(n, -LN2_HIGH, x);
        r = Math.fma(n, -LN2_LOW, r);
        float p = Math.fma(r, 1.9875691500e-4f, 1.3981999507e-3f);
        p = Math.fma(p, r, 8.3334519073e-3f);
        p = Math.fma(p, r, 4.1665795894e-2f);
        p = Math.fma(p, r, 1.6666665459e-1f);
        p = Math.fma(p, r, 5.0000001201e-1f);
        p = Math.fma(p, r * r, r) + 1f;
        return p * Float.intBitsToFloat((Float.floatToRawIntBits(shifted) - (Float.floatToRawIntBits(ROUNDER) - 127)) << 23);
    }

    /**
     * The sum of the lanes in a fixed order: pairwise, lane i with lane i + L/2, then i + L/4, … — one shuffle and one
     * add per halving, no allocation. {@code reduceLanes} leaves the order to the platform, and the interpreter and
     * the compiler may differ; a fixed order keeps a result identical whichever code computed it, so training runs
     * repeat (and resume) bit for bit and a multi-position LLM pass gives one-token decoding's very logits.
     */
    public static float sumLanes(FloatVector v) {
        // Straight-line code with each shuffle a constant: C2 parses the calls on v before their late inlining tells it
        // v's exact class, and it resolved calls inside a loop over an array of shuffles only in some JVM starts; the
        // others called out of line and boxed the caller's accumulator in every iteration of its loop.
        switch (v.length()) {
            case 16 -> {
                FloatVector s = v.add(v.rearrange(ROTATE_512_BY_8));
                s = s.add(s.rearrange(ROTATE_512_BY_4));
                s = s.add(s.rearrange(ROTATE_512_BY_2));
                return s.add(s.rearrange(ROTATE_512_BY_1)).lane(0);
            }
            case 8 -> {
                FloatVector s = v.add(v.rearrange(ROTATE_256_BY_4));
                s = s.add(s.rearrange(ROTATE_256_BY_2));
                return s.add(s.rearrange(ROTATE_256_BY_1)).lane(0);
            }
            case 4 -> {
                FloatVector s = v.add(v.rearrange(ROTATE_128_BY_2));
                return s.add(s.rearrange(ROTATE_128_BY_1)).lane(0);
            }
            default -> {
                float sum = v.lane(0);
                for (int i = 1; i < v.length(); i++) {
                    sum += v.lane(i);
                }
                return sum;
            }
        }
    }

    private static final VectorShuffle<Float> ROTATE_512_BY_8 = rotation(FloatVector.SPECIES_512, 8);
    private static final VectorShuffle<Float> ROTATE_512_BY_4 = rotation(FloatVector.SPECIES_512, 4);
    private static final VectorShuffle<Float> ROTATE_512_BY_2 = rotation(FloatVector.SPECIES_512, 2);
    private static final VectorShuffle<Float> ROTATE_512_BY_1 = rotation(FloatVector.SPECIES_512, 1);
    private static final VectorShuffle<Float> ROTATE_256_BY_4 = rotation(FloatVector.SPECIES_256, 4);
    private static final VectorShuffle<Float> ROTATE_256_BY_2 = rotation(FloatVector.SPECIES_256, 2);
    private static final VectorShuffle<Float> ROTATE_256_BY_1 = rotation(FloatVector.SPECIES_256, 1);
    private static final VectorShuffle<Float> ROTATE_128_BY_2 = rotation(FloatVector.SPECIES_128, 2);
    private static final VectorShuffle<Float> ROTATE_128_BY_1 = rotation(FloatVector.SPECIES_128, 1);

    /** The shuffle moving lane i + {@code by} onto lane i (wrapping). */
    private static VectorShuffle<Float> rotation(VectorSpecies<Float> species, int by) {
        return VectorShuffle.iota(species, by, 1, true);
    }
}
