package org.recllm.ctr.models;

import java.util.List;
import org.recllm.core.tensor.Tape;
import org.recllm.core.tensor.Tensor;
import org.recllm.ctr.features.Batch;
import org.recllm.ctr.inputs.InputEmbedding;
import org.recllm.ctr.inputs.ModelInputs;
import org.recllm.ctr.layers.FmInteraction;
import org.recllm.ctr.inputs.LinearTerm;

/** FM (Rendle 2010): first-order weights plus pairwise inner products of field embeddings. */
public final class FmModel extends ZooModel {
    public record Config(EmbeddingConfig embedding) {}

    private final LinearTerm linear;
    private final InputEmbedding embedding;

    public FmModel(Config config, ModelInputs inputs, long seed) {
        super(seed);
        this.linear = new LinearTerm(params, "lr", inputs);
        this.embedding = inputLayer(config.embedding(), inputs, List.of());
    }

    @Override
    public Tensor logits(Tape tape, Batch batch) {
        return ModelSupport.sumLogits(tape, linear.apply(tape, batch), FmInteraction.apply(tape, embedding.fields(tape, batch)));
    }
}
