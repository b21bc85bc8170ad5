package org.recllm.llm.lora;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.recllm.llm.model.ModelWeights;

/**
 * RecLoRA's bank of LoRA experts ready to apply: {@code experts} adapters of rank {@code rank} on the same
 * projections, their factors side by side in each pair (A [experts·rank, in], B [out, experts·rank]), and the router
 * that mixes them per sequence. A sequence with expert weights w computes W·x + (alpha / rank) · Σₑ wₑ · Bₑ·Aₑ·x.
 *
 * @param routerSource what the router's conditions come from (the CTR model bundle and its version), so that
 *                     inference asks for the same representation
 */
public record LoraBank(String architecture, float alpha, int rank, int experts, Map<String, LoraPair> pairs,
                       BankRouter router, String routerSource) {

    public LoraBank {
        pairs = Collections.unmodifiableMap(new LinkedHashMap<>(pairs));
        if (router.experts() != experts) {
            throw new IllegalArgumentException("a bank of " + experts + " experts with a router over " + router.experts());
        }
        for (LoraPair pair : pairs.values()) {
            if (pair.rank() != experts * rank) {
                throw new IllegalArgumentException(pair.weight() + " has rank " + pair.rank() + ", a bank of " + experts
                        + " experts of rank " + rank + " needs " + experts * rank);
            }
        }
    }

    public float scale() {
        return alpha / rank;
    }

    /**
     * The base weights with every adapted matrix routing the bank per sequence beside W (W itself unchanged); the
     * result carries the {@link org.recllm.llm.model.RowConditioning} the transformer feeds each sequence's condition.
     */
    public ModelWeights applyTo(ModelWeights base) {
        return AdaptedMatrix.beside(base, pairs, scale(), new RowRoutes(router, rank));
    }
}
