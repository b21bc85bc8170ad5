package org.recllm.core.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/** Vector API building blocks over heap float arrays: dot, axpy, scale, sums. */
public final class VectorMath {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int VL = S.length();

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

    /**
     * The sum of the lanes in a fixed order: pairwise, lane i with lane i + L/2, then i + L/4, … — one shuffle and one
     * add per halving, no allocation. {@code reduceLanes} leaves the order to the platform, and the interpreter and
     * the compiler may differ; a fixed order keeps a result identical whichever code computed it, so training runs
     * repeat (and resume) bit for bit and a multi-position LLM pass gives one-token decoding's very logits.
     */
    public static float sumLanes(FloatVector v) {
        VectorShuffle<Float>[] halvings = switch (v.length()) {
            case 16 -> HALVINGS_512;
            case 8 -> HALVINGS_256;
            case 4 -> HALVINGS_128;
            default -> null;
        };
        if (halvings == null) {
            float sum = v.lane(0);
            for (int i = 1; i < v.length(); i++) {
                sum += v.lane(i);
            }
            return sum;
        }
        for (VectorShuffle<Float> halving : halvings) {
            v = v.add(v.rearrange(halving));
        }
        return v.lane(0);
    }

    private static final VectorShuffle<Float>[] HALVINGS_512 = halvings(FloatVector.SPECIES_512);
    private static final VectorShuffle<Float>[] HALVINGS_256 = halvings(FloatVector.SPECIES_256);
    private static final VectorShuffle<Float>[] HALVINGS_128 = halvings(FloatVector.SPECIES_128);

    /** Shuffles moving lane i + L/2, i + L/4, …, i + 1 onto lane i (wrapping). */
    @SuppressWarnings("unchecked")
    private static VectorShuffle<Float>[] halvings(VectorSpecies<Float> species) {
        int steps = Integer.numberOfTrailingZeros(species.length());
        VectorShuffle<Float>[] shuffles = new VectorShuffle[steps];
        for (int s = 0, half = species.length() / 2; s < steps; s++, half /= 2) {
            shuffles[s] = VectorShuffle.iota(species, half, 1, true);
        }
        return shuffles;
    }
}
