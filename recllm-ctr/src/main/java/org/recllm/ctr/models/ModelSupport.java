package org.recllm.ctr.models;

import org.recllm.core.ops.Elementwise;
import org.recllm.core.tensor.Tape;
import org.recllm.core.tensor.Tensor;

/** Small helpers the model files share. */
final class ModelSupport {
    private ModelSupport() {}

    /** [B, F, D] → [B, F·D]. */
    static Tensor flatten(Tensor fields) {
        return fields.view(fields.dim(0), -1);
    }

    /** The sum of several [B, 1] logits as [B]. */
    static Tensor sumLogits(Tape tape, Tensor... parts) {
        Tensor total = parts[0];
        for (int i = 1; i < parts.length; i++) {
            total = Elementwise.add(tape, total, parts[i]);
        }
        return total.view(total.dim(0));
    }
}
