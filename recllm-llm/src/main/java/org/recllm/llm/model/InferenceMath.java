package org.recllm.llm.model;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.recllm.core.kernels.VectorMath;

/**
 * The row-wise kernels of a decoder forward pass: RMS norm, SwiGLU, softmax, dot. Lane sums run in a fixed order, so
 * a row's result does not depend on which code (interpreted or compiled) computed it: a multi-position pass then
 * gives the very logits one-token decoding gives, which strict speculative decoding relies on.
 */
final class InferenceMath {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private InferenceMath() {}

    /** out = x / sqrt(mean(x²) + eps) ⊙ weight, for one row of length n. */
    static void rmsNorm(float[] x, int xOffset, float[] weight, float eps, float[] out, int outOffset, int n) {
        float squares = 0;
        int i = 0;
        FloatVector acc = FloatVector.zero(S);
        for (; i < S.loopBound(n); i += S.length()) {
            FloatVector v = FloatVector.fromArray(S, x, xOffset + i);
            acc = v.fma(v, acc);
        }
        squares = VectorMath.sumLanes(acc);
        for (; i < n; i++) {
            squares += x[xOffset + i] * x[xOffset + i];
        }
        float scale = (float) (1 / Math.sqrt(squares / n + eps));
        for (int j = 0; j < n; j++) {
            out[outOffset + j] = weight[j] * (scale * x[xOffset + j]);
        }
    }

    /** gate ← silu(gate) ⊙ up over n elements. */
    static void swiglu(float[] gate, float[] up, int n) {
        for (int i = 0; i < n; i++) {
            float g = gate[i];
            gate[i] = g / (1f + (float) Math.exp(-g)) * up[i];
        }
    }

    /** In-place softmax of x[offset, offset + n). */
    static void softmax(float[] x, int offset, int n) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, x[offset + i]);
        }
        float sum = 0;
        for (int i = 0; i < n; i++) {
            float e = (float) Math.exp(x[offset + i] - max);
            x[offset + i] = e;
            sum += e;
        }
        float inv = 1f / sum;
        for (int i = 0; i < n; i++) {
            x[offset + i] *= inv;
        }
    }

    static float dot(float[] a, int aOffset, float[] b, int bOffset, int n) {
        if (n < S.length()) {
            // Heads narrower than a vector (small models): a vector reduction would cost more than the products.
            float sum = 0;
            for (int i = 0; i < n; i++) {
                sum += a[aOffset + i] * b[bOffset + i];
            }
            return sum;
        }
        FloatVector acc = FloatVector.zero(S);
        int i = 0;
        for (; i < S.loopBound(n); i += S.length()) {
            acc = FloatVector.fromArray(S, a, aOffset + i).fma(FloatVector.fromArray(S, b, bOffset + i), acc);
        }
        float sum = VectorMath.sumLanes(acc);
        for (; i < n; i++) {
            sum += a[aOffset + i] * b[bOffset + i];
        }
        return sum;
    }

    /** y[yOffset, +n) += alpha · x[xOffset, +n). */
    static void axpy(float alpha, float[] x, int xOffset, float[] y, int yOffset, int n) {
        int i = 0;
        FloatVector a = FloatVector.broadcast(S, alpha);
        for (; i < S.loopBound(n); i += S.length()) {
            FloatVector.fromArray(S, x, xOffset + i).fma(a, FloatVector.fromArray(S, y, yOffset + i)).intoArray(y, yOffset + i);
        }
        for (; i < n; i++) {
            y[yOffset + i] += alpha * x[xOffset + i];
        }
    }
}
