package org.recllm.ctr.models;

import java.util.List;
import org.recllm.core.ops.MatMul;
import org.recllm.core.ops.Shaping;
import org.recllm.core.tensor.Tape;
import org.recllm.core.tensor.Tensor;
import org.recllm.ctr.features.Batch;
import org.recllm.ctr.inputs.InputEmbedding;
import org.recllm.ctr.inputs.ModelInputs;
import org.recllm.ctr.layers.CrossNetwork;
import org.recllm.ctr.layers.Mlp;

/**
 * DCN (Wang et al. 2017) and DCN-V2 (Wang et al. 2021) in the parallel structure: a cross network and an MLP read
 * the flattened embeddings; their outputs are concatenated into one linear output. The cross layers are vector
 * (DCN) or full-matrix (DCN-V2).
 */
public final class Dcn extends ZooModel {
    public record Config(EmbeddingConfig embedding, DnnConfig dnn, int crossLayers) {}

    private final InputEmbedding embedding;
    private final CrossNetwork cross;
    private final Mlp deep;
    private final Tensor outWeight;
    private final Tensor outBias;

    public Dcn(Config config, ModelInputs inputs, long seed, boolean matrixCross) {
        super(seed);
        this.embedding = inputLayer(config.embedding(), inputs, List.of());
        int input = embedding.fieldCount() * embedding.dim();
        this.cross = new CrossNetwork(params, "cross", input, config.crossLayers(), matrixCross);
        DnnConfig dnn = config.dnn();
        this.deep = dnn.build(params, "dnn", input, 0);
        this.outWeight = params.xavier("out.weight", input + deep.outputDim(), 1);
        this.outBias = params.constant("out.bias", 0f, 1);
    }

    @Override
    public Tensor logits(Tape tape, Batch batch) {
        Tensor x0 = ModelSupport.flatten(embedding.fields(tape, batch));
        Tensor joined = Shaping.concat(tape, List.of(cross.apply(tape, x0), deep.apply(tape, x0)), 1);
        return ModelSupport.sumLogits(tape, MatMul.linear(tape, joined, outWeight, outBias));
    }
}
