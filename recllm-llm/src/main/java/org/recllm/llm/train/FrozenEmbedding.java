package org.recllm.llm.train;

import org.recllm.core.quant.WeightMatrix;
import org.recllm.core.tensor.Tape;
import org.recllm.core.tensor.Tensor;

/**
 * The rows of a frozen token embedding kept in its stored type (usually memory-mapped and quantised), looked up as the
 * inference engine looks them up: each token's row dequantised into the result, no gradient. Beside
 * {@link FrozenProjection} for the head, a LoRA run then holds no float32 copy of the base's vocabulary tables.
 */
final class FrozenEmbedding {
    private FrozenEmbedding() {}

    /** Rows {@code tokens[0 … count)} of {@code embedding} [vocabulary, dim] → [count, dim], constant. */
    static Tensor rows(Tape tape, WeightMatrix embedding, int[] tokens, int count) {
        int dim = embedding.cols();
        Tensor y = tape.result(false, count, dim);
        for (int i = 0; i < count; i++) {
            embedding.dequantizeRow(tokens[i], y.data(), i * dim);
        }
        return y;
    }
}
