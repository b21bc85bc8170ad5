package org.recllm.core.ops;

import org.recllm.core.tensor.Tape;
import org.recllm.core.tensor.Tensor;

/**
 * Rotary position embedding (RoPE): each head's first {@code 2 · frequencies} dimensions form pairs, and the pair of
 * frequency i at position p turns by the angle p · frequency(i); the remaining dimensions pass through. A rotation
 * is orthogonal, so the backward step turns the output's gradient back by the same angle.
 */
public final class RotaryEmbedding {
    /** Which dimensions of a head form the rotated pairs. */
    public enum Pairs {
        /** (2i, 2i + 1): Llama-family GGUF files, whose Q/K rows were permuted for it at conversion. */
        ADJACENT,
        /** (i, i + d/2) over the d rotated dimensions: GPT-NeoX and Qwen2. */
        HALVES
    }

    private final Pairs pairs;
    private final float[] frequencies;

    /** {@code frequencies[i]} is the angle per position of pair i (radians), already including any scaling. */
    public RotaryEmbedding(Pairs pairs, float[] frequencies) {
        this.pairs = pairs;
        this.frequencies = frequencies.clone();
    }

    /** The frequencies base^(−2i/d) of the original RoPE for the first d = {@code rotatedDims} dimensions of a head. */
    public static float[] standardFrequencies(double base, int rotatedDims) {
        if (rotatedDims <= 0 || rotatedDims % 2 != 0) {
            throw new IllegalArgumentException("rotary dimensions must be even and positive, got " + rotatedDims);
        }
        float[] frequencies = new float[rotatedDims / 2];
        for (int i = 0; i < frequencies.length; i++) {
            frequencies[i] = (float) Math.pow(base, -2.0 * i / rotatedDims);
        }
        return frequencies;
    }

    /** Rotates x [T, heads, headDim] where row t stands at absolute position {@code positions[t]}. */
    public Tensor apply(Tape tape, Tensor x, int[] positions) {
        if (x.rank() != 3 || 2 * frequencies.length > x.dim(2) || positions.length < x.dim(0)) {
            throw new IllegalArgumentException("rotary embedding of " + frequencies.length + " pairs needs [T, heads, headDim >= "
                    + 2 * frequencies.length + "] with T positions, got " + x + " and " + positions.length + " positions");
        }
        int tokens = x.dim(0);
        int half = frequencies.length;
        float[] turns = tape.workspace().take(2 * tokens * half);
        for (int t = 0; t < tokens; t++) {
            for (int i = 0; i < half; i++) {
                double angle = (double) positions[t] * frequencies[i];
                turns[2 * (t * half + i)] = (float) Math.cos(angle);
                turns[2 * (t * half + i) + 1] = (float) Math.sin(angle);
            }
        }
        Tensor y = tape.result(x.requiresGrad(), x.shape());
        rotate(x.data(), y.data(), x, turns, false);
        if (y.requiresGrad()) {
            tape.record(() -> rotate(y.grad(), x.grad(), x, turns, true));
        }
        return y;
    }

    /** out = R·in, or with {@code backward} out += Rᵀ·in, head by head. */
    private void rotate(float[] in, float[] out, Tensor x, float[] turns, boolean backward) {
        int tokens = x.dim(0);
        int heads = x.dim(1);
        int headDim = x.dim(2);
        int half = frequencies.length;
        float direction = backward ? -1f : 1f;
        for (int t = 0; t < tokens; t++) {
            for (int h = 0; h < heads; h++) {
                int base = (t * heads + h) * headDim;
                for (int j = 2 * half; j < headDim; j++) {
                    out[base + j] = backward ? out[base + j] + in[base + j] : in[base + j];
                }
                for (int i = 0; i < half; i++) {
                    float cos = turns[2 * (t * half + i)];
                    float sin = direction * turns[2 * (t * half + i) + 1];
                    int first = base + (pairs == Pairs.ADJACENT ? 2 * i : i);
                    int second = base + (pairs == Pairs.ADJACENT ? 2 * i + 1 : i + half);
                    float a = in[first];
                    float b = in[second];
                    float turnedA = a * cos - b * sin;
                    float turnedB = a * sin + b * cos;
                    out[first] = backward ? out[first] + turnedA : turnedA;
                    out[second] = backward ? out[second] + turnedB : turnedB;
                }
            }
        }
    }
}
