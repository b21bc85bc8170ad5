package org.recllm.core.ops;

import org.recllm.core.tensor.Tape;
import org.recllm.core.tensor.Tensor;

/** Scaled dot-product attention over heads, composed from differentiable products and a masked softmax. */
public final class Attention {
    private Attention() {}

    /**
     * {@code softmax(q·kᵀ/√D + mask)·v} for q [B, H, Tq, D], k [B, H, Tk, D], v [B, H, Tk, Dv] → [B, H, Tq, Dv]
     * (a decoder's causal attention is {@link PackedCausalAttention}).
     *
     * @param keyMask [B, Tk] with 1 for real keys and 0 for padding, or null
     */
    public static Tensor scaledDotProduct(Tape tape, Tensor q, Tensor k, Tensor v, float[] keyMask) {
        if (q.rank() != 4 || k.rank() != 4 || v.rank() != 4) {
            throw new IllegalArgumentException("attention needs [B, H, T, D] tensors: " + q + ", " + k + ", " + v);
        }
        int heads = q.dim(1);
        int queries = q.dim(2);
        Tensor scores = MatMul.batched(tape, q, k, false, true);
        Tensor scaled = Elementwise.scale(tape, scores, (float) (1 / Math.sqrt(q.dim(3))));
        Tensor weights = Softmax.masked(tape, scaled, keyMask, heads * queries);
        return MatMul.batched(tape, weights, v, false, false);
    }
}
