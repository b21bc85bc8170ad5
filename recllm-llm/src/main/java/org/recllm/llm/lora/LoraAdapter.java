package org.recllm.llm.lora;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.recllm.llm.model.ModelWeights;

/**
 * A LoRA adapter ready to apply: its factor pairs by the name of the base matrix they adapt, and alpha; every pair
 * has the same rank and the adapted matrices are W + (alpha / rank) · B · A.
 *
 * @param architecture the base model's {@code general.architecture}
 */
public record LoraAdapter(String architecture, float alpha, int rank, Map<String, LoraPair> pairs) {

    public LoraAdapter {
        pairs = Collections.unmodifiableMap(new LinkedHashMap<>(pairs));
        for (LoraPair pair : pairs.values()) {
            if (pair.rank() != rank) {
                throw new IllegalArgumentException(pair.weight() + " has rank " + pair.rank() + ", the adapter " + rank);
            }
        }
    }

    public float scale() {
        return alpha / rank;
    }

    /** The base weights with every adapted matrix computing W·x + scale·B·(A·x) beside W (W itself unchanged). */
    public ModelWeights applyTo(ModelWeights base) {
        return AdaptedMatrix.beside(base, pairs, scale(), null);
    }
}
