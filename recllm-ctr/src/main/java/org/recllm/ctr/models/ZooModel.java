package org.recllm.ctr.models;

import java.util.Collection;
import org.recllm.core.nn.ParameterSet;
import org.recllm.ctr.inputs.InputEmbedding;
import org.recllm.ctr.inputs.ModelInputs;

/** What every model of the zoo shares: one parameter set, drawn from the model's seed, and its input layer. */
abstract class ZooModel implements CtrModel {
    protected final ParameterSet params;
    private InputEmbedding inputLayer;

    ZooModel(long seed) {
        this.params = new ParameterSet(seed);
    }

    @Override
    public final ParameterSet parameters() {
        return params;
    }

    @Override
    public final InputEmbedding inputEmbedding() {
        return inputLayer;
    }

    /** Builds the model's input layer ({@code emb}) with {@code exclude} left out of the stacked fields. */
    protected final InputEmbedding inputLayer(EmbeddingConfig config, ModelInputs inputs, Collection<String> exclude) {
        if (inputLayer != null) {
            throw new IllegalStateException("a model has one input layer");
        }
        inputLayer = new InputEmbedding(params, "emb", inputs, config.dim(), config.initStd(), exclude);
        return inputLayer;
    }
}
