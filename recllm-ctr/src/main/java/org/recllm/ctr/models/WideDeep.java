package org.recllm.ctr.models;

import java.util.List;
import org.recllm.core.tensor.Tape;
import org.recllm.core.tensor.Tensor;
import org.recllm.ctr.features.Batch;
import org.recllm.ctr.inputs.InputEmbedding;
import org.recllm.ctr.inputs.ModelInputs;
import org.recllm.ctr.inputs.LinearTerm;
import org.recllm.ctr.layers.Mlp;

/** Wide & Deep (Cheng et al. 2016): a linear wide part plus an MLP over the concatenated field embeddings. */
public final class WideDeep extends ZooModel {
    public record Config(EmbeddingConfig embedding, DnnConfig dnn) {}

    private final LinearTerm wide;
    private final InputEmbedding embedding;
    private final Mlp deep;

    public WideDeep(Config config, ModelInputs inputs, long seed) {
        super(seed);
        this.wide = new LinearTerm(params, "wide", inputs);
        this.embedding = inputLayer(config.embedding(), inputs, List.of());
        DnnConfig dnn = config.dnn();
        this.deep = dnn.build(params, "dnn", embedding.fieldCount() * embedding.dim(), 1);
    }

    @Override
    public Tensor logits(Tape tape, Batch batch) {
        Tensor deepLogit = deep.apply(tape, ModelSupport.flatten(embedding.fields(tape, batch)));
        return ModelSupport.sumLogits(tape, wide.apply(tape, batch), deepLogit);
    }
}
