package org.recllm.ctr.models;

import java.util.List;
import org.recllm.core.ops.Reductions;
import org.recllm.core.ops.Shaping;
import org.recllm.core.tensor.Tape;
import org.recllm.core.tensor.Tensor;
import org.recllm.ctr.features.Batch;
import org.recllm.ctr.inputs.InputEmbedding;
import org.recllm.ctr.inputs.ModelInputs;
import org.recllm.ctr.layers.Mlp;
import org.recllm.ctr.layers.PairwiseProduct;

/** IPNN (Qu et al. 2016): the inner products of all field pairs, joined to the embeddings, feed an MLP. */
public final class Pnn extends ZooModel {
    public record Config(EmbeddingConfig embedding, DnnConfig dnn) {}

    private final InputEmbedding embedding;
    private final Mlp deep;

    public Pnn(Config config, ModelInputs inputs, long seed) {
        super(seed);
        this.embedding = inputLayer(config.embedding(), inputs, List.of());
        int fields = embedding.fieldCount();
        DnnConfig dnn = config.dnn();
        this.deep = dnn.build(params, "dnn", fields * embedding.dim() + PairwiseProduct.pairs(fields), 1);
    }

    @Override
    public Tensor logits(Tape tape, Batch batch) {
        Tensor fields = embedding.fields(tape, batch);
        Tensor inner = Reductions.sum(tape, PairwiseProduct.apply(tape, fields, fields), 2);
        Tensor joined = Shaping.concat(tape, List.of(ModelSupport.flatten(fields), inner), 1);
        return ModelSupport.sumLogits(tape, deep.apply(tape, joined));
    }
}
