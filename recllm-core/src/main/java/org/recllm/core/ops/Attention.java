package org.recllm.core.ops;

import org.recllm.core.tensor.Tape;
import org.recllm.core.tensor.Tensor;

/** Scaled dot-product attention over heads, composed from differentiable products and a masked softmax. */
public final class Attention {
    private Attention() {}

    /**
     * {@code softmax(q·kᵀ/√D + masks)·v} for q [B, H, Tq, D], k [B, H, Tk, D], v [B, H, Tk, Dv] → [B, H, Tq, Dv].
     *
     * @param keyMask [B, Tk] with 1 for real keys and 0 for padding, or null
     * @param causal  whether query i may only see keys up to its own position (keys end with the queries)
     */
    public static Tensor scaledDotProduct(Tape tape, Tensor q, Tensor k, Tensor v, float[] keyMask, boolean causal) {
        if (q.rank() != 4 || k.rank() != 4 || v.rank() != 4) {
            throw new IllegalArgumentException("attention needs [B, H, T, D] tensors: " + q + ", " + k + ", " + v);
        }
        int heads = q.dim(1);
        int queries = q.dim(2);
        Tensor scores = MatMul.batched(tape, q, k, false, true);
        Tensor scaled = Elementwise.scale(tape, scores, (float) (1 / Math.sqrt(q.dim(3))));
        Tensor weights = Softmax.masked(tape, scaled, keyMask, heads * queries, causal ? queries : 0);
        return MatMul.batched(tape, weights, v, false, false);
    }

    /**
     * Grouped-query attention (Llama 2/3, Mistral, Qwen2): q [B, H, Tq, D] against k [B, Hkv, Tk, D] and
     * v [B, Hkv, Tk, Dv] whose Hkv heads each serve H/Hkv consecutive query heads (query head h reads key/value head
     * h / (H/Hkv)). The shared heads are repeated differentiably, so each receives the sum of its group's gradients.
     */
    public static Tensor groupedQuery(Tape tape, Tensor q, Tensor k, Tensor v, boolean causal) {
        int heads = q.dim(1);
        int kvHeads = k.dim(1);
        if (q.rank() != 4 || k.rank() != 4 || v.rank() != 4 || v.dim(1) != kvHeads || heads % kvHeads != 0) {
            throw new IllegalArgumentException("grouped-query attention needs q [B, H, T, D] and k, v [B, Hkv, T, D] with Hkv "
                    + "dividing H: " + q + ", " + k + ", " + v);
        }
        if (heads == kvHeads) {
            return scaledDotProduct(tape, q, k, v, null, causal);
        }
        int group = heads / kvHeads;
        int batch = q.dim(0);
        Tensor keys = Repeat.rows(tape, k.view(batch * kvHeads, -1), group).view(batch, heads, k.dim(2), k.dim(3));
        Tensor values = Repeat.rows(tape, v.view(batch * kvHeads, -1), group).view(batch, heads, v.dim(2), v.dim(3));
        return scaledDotProduct(tape, q, keys, values, null, causal);
    }
}
