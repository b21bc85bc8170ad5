package org.recllm.ctr.models;

import java.util.List;
import org.recllm.core.tensor.Tape;
import org.recllm.core.tensor.Tensor;
import org.recllm.ctr.features.Batch;
import org.recllm.ctr.inputs.InputEmbedding;
import org.recllm.ctr.inputs.ModelInputs;
import org.recllm.ctr.layers.FmInteraction;
import org.recllm.ctr.inputs.LinearTerm;
import org.recllm.ctr.layers.Mlp;

/** DeepFM (Guo et al. 2017): FM and an MLP sharing one set of field embeddings; their logits add up. */
public final class DeepFm extends ZooModel {
    public record Config(EmbeddingConfig embedding, DnnConfig dnn) {}

    private final LinearTerm linear;
    private final InputEmbedding embedding;
    private final Mlp deep;

    public DeepFm(Config config, ModelInputs inputs, long seed) {
        super(seed);
        this.linear = new LinearTerm(params, "lr", inputs);
        this.embedding = inputLayer(config.embedding(), inputs, List.of());
        DnnConfig dnn = config.dnn();
        this.deep = dnn.build(params, "dnn", embedding.fieldCount() * embedding.dim(), 1);
    }

    @Override
    public Tensor logits(Tape tape, Batch batch) {
        Tensor fields = embedding.fields(tape, batch);
        return ModelSupport.sumLogits(tape, linear.apply(tape, batch), FmInteraction.apply(tape, fields),
                deep.apply(tape, ModelSupport.flatten(fields)));
    }
}
