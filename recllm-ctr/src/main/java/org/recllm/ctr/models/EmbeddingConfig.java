package org.recllm.ctr.models;

import java.util.Collection;
import java.util.List;
import org.recllm.core.nn.ParameterSet;
import org.recllm.ctr.inputs.InputEmbedding;
import org.recllm.ctr.inputs.ModelInputs;

/** Embedding settings every model shares: FuxiCTR's defaults are dimension 16 and Normal(0, 1e-4²) values. */
public record EmbeddingConfig(int dim, float initStd) {
    public static EmbeddingConfig defaults() {
        return new EmbeddingConfig(16, 1e-4f);
    }

    /** The model's input layer ({@code emb}) over all fields and knowledge. */
    InputEmbedding build(ParameterSet params, ModelInputs inputs) {
        return build(params, inputs, List.of());
    }

    /** The same, with {@code exclude} left out of the stacked fields (the model treats them itself). */
    InputEmbedding build(ParameterSet params, ModelInputs inputs, Collection<String> exclude) {
        return new InputEmbedding(params, "emb", inputs, dim, initStd, exclude);
    }
}
