package org.recllm.core.quant;

import java.util.Arrays;

/**
 * Rows of activations quantised to ggml's 8-bit activation blocks, as llama.cpp's CPU backend quantises the input of
 * a product with quantised weights (built with AVX2: quantize_row_q8_0's vector path, quantize_row_q8_K_ref):
 * <ul>
 *   <li>{@link GgmlType#Q8_0}, blocks of 32: d = max|x| / 127 stored as float16, q = x · 127 / max|x| rounded half to
 *   even;</li>
 *   <li>{@link GgmlType#Q8_K}, blocks of 256: with m the value of largest magnitude (the first, if several),
 *   s = −127 / m, q = min(127, round-half-even(s · x)), d = 1 / s as float32, and the sums of each 16 quants (the
 *   k-quants' minimum terms need them).</li>
 * </ul>
 * The quants are kept widened to 16 bits, the form the integer kernels multiply. Buffers grow and are reused.
 */
public final class ActivationBlocks {
    /** Quants per sum in {@link #sums()} (Q8_K's bsums). */
    static final int SUM_GROUP = 16;

    private final GgmlType type;
    private final int block;
    private short[] quants = new short[0];
    private float[] scales = new float[0];
    private int[] sums = new int[0];
    private float[] dequantized = new float[0];
    private boolean stale = true;
    private boolean dequantizedValid;
    private int count;
    private int cols;

    ActivationBlocks(GgmlType type) {
        if (type != GgmlType.Q8_0 && type != GgmlType.Q8_K) {
            throw new IllegalArgumentException("activation blocks are Q8_0 or Q8_K, not " + type);
        }
        this.type = type;
        this.block = type.blockSize();
    }

    public GgmlType type() {
        return type;
    }

    /** The quants of all rows, row after row, each widened to a short. */
    public short[] quants() {
        return quants;
    }

    /** The scale of each block, rows after one another (cols / block per row). */
    public float[] scales() {
        return scales;
    }

    /** For Q8_K: the sum of each 16 consecutive quants. */
    public int[] sums() {
        return sums;
    }

    /** Whether the rows these blocks were made from have changed since ({@link #invalidate}) or none were quantised. */
    boolean stale() {
        return stale;
    }

    /** Marks the blocks as no longer the current rows'. */
    void invalidate() {
        stale = true;
    }

    /** Quantises rows {@code x[i·cols, (i+1)·cols)} for i below {@code count}. */
    void quantize(float[] x, int count, int cols) {
        if (cols % block != 0) {
            throw new IllegalArgumentException(type + " activations are whole blocks of " + block + "; a row of " + cols + " is not");
        }
        int n = count * cols;
        if (quants.length < n) {
            quants = new short[n];
            scales = new float[n / block];
            if (type == GgmlType.Q8_K) {
                sums = new int[n / SUM_GROUP];
            }
        }
        this.count = count;
        this.cols = cols;
        stale = false;
        dequantizedValid = false;
        for (int b = 0; b < n / block; b++) {
            if (type == GgmlType.Q8_0) {
                quantizeQ8_0(x, b);
            } else {
                quantizeQ8_K(x, b);
            }
        }
    }

    private void quantizeQ8_0(float[] x, int b) {
        int from = b * block;
        float amax = 0;
        for (int j = 0; j < block; j++) {
            amax = Math.max(amax, Math.abs(x[from + j]));
        }
        scales[b] = Float.float16ToFloat(Float.floatToFloat16(amax / 127f));
        float inverse = amax != 0 ? 127f / amax : 0;
        for (int j = 0; j < block; j++) {
            quants[from + j] = (short) Math.rint(x[from + j] * inverse);
        }
    }

    private void quantizeQ8_K(float[] x, int b) {
        int from = b * block;
        float amax = 0;
        float max = 0;
        for (int j = 0; j < block; j++) {
            float ax = Math.abs(x[from + j]);
            if (ax > amax) {
                amax = ax;
                max = x[from + j];
            }
        }
        if (amax == 0) {
            scales[b] = 0;
            Arrays.fill(quants, from, from + block, (short) 0);
        } else {
            float inverse = -127f / max;
            for (int j = 0; j < block; j++) {
                quants[from + j] = (short) Math.min(127, Math.rint(inverse * x[from + j]));
            }
            scales[b] = 1 / inverse;
        }
        for (int g = from / SUM_GROUP; g < (from + block) / SUM_GROUP; g++) {
            int sum = 0;
            for (int j = 0; j < SUM_GROUP; j++) {
                sum += quants[g * SUM_GROUP + j];
            }
            sums[g] = sum;
        }
    }

    /**
     * All quantised rows as the kernels see them, d·q in float32 (computed once per quantisation): products over many
     * inputs multiply these by the dequantised weights with the packed GEMM, the same products as the integer kernels.
     */
    float[] dequantized() {
        int n = count * cols;
        if (!dequantizedValid) {
            if (dequantized.length < n) {
                dequantized = new float[quants.length];
            }
            for (int i = 0; i < n; i++) {
                dequantized[i] = quants[i] * scales[i / block];
            }
            dequantizedValid = true;
        }
        return dequantized;
    }
}
