package org.recllm.ctr.models;

import java.util.ArrayList;
import java.util.List;
import org.recllm.core.ops.Activations;
import org.recllm.core.ops.MatMul;
import org.recllm.core.ops.Reductions;
import org.recllm.core.ops.Shaping;
import org.recllm.core.tensor.Tape;
import org.recllm.core.tensor.Tensor;
import org.recllm.ctr.features.Batch;
import org.recllm.ctr.inputs.InputEmbedding;
import org.recllm.ctr.inputs.ModelInputs;
import org.recllm.ctr.layers.FieldOuterProduct;
import org.recllm.ctr.inputs.LinearTerm;
import org.recllm.ctr.layers.Mlp;

/**
 * xDeepFM (Lian et al. 2018): linear part, a Compressed Interaction Network (each layer compresses the outer
 * products of its input maps with the base fields into H_k maps, sum-pooled over the embedding dimension), and an
 * MLP; the three logits add up.
 */
public final class XDeepFm extends ZooModel {
    public record Config(EmbeddingConfig embedding, DnnConfig dnn, List<Integer> cinLayers) {}

    private final LinearTerm linear;
    private final InputEmbedding embedding;
    private final Mlp deep;
    private final List<Tensor> cinWeights = new ArrayList<>();
    private final Tensor cinOut;
    private final Tensor cinBias;

    public XDeepFm(Config config, ModelInputs inputs, long seed) {
        super(seed);
        this.linear = new LinearTerm(params, "lr", inputs);
        this.embedding = inputLayer(config.embedding(), inputs, List.of());
        int fields = embedding.fieldCount();
        DnnConfig dnn = config.dnn();
        this.deep = dnn.build(params, "dnn", fields * embedding.dim(), 1);
        int previous = fields;
        int pooled = 0;
        for (int k = 0; k < config.cinLayers().size(); k++) {
            int maps = config.cinLayers().get(k);
            cinWeights.add(params.xavier("cin." + k + ".weight", previous * fields, maps));
            previous = maps;
            pooled += maps;
        }
        this.cinOut = params.xavier("cin.out.weight", pooled, 1);
        this.cinBias = params.constant("cin.out.bias", 0f, 1);
    }

    @Override
    public Tensor logits(Tape tape, Batch batch) {
        Tensor x0 = embedding.fields(tape, batch);
        int rows = x0.dim(0);
        int dim = x0.dim(2);
        Tensor x = x0;
        List<Tensor> pooled = new ArrayList<>();
        for (Tensor weight : cinWeights) {
            Tensor interactions = FieldOuterProduct.apply(tape, x, x0);
            // [B, H·M, D] → [B, D, H·M] so the compression is one product over the last dimension.
            Tensor perDim = Shaping.permute(tape, interactions, 0, 2, 1);
            Tensor compressed = Activations.relu(tape, MatMul.matmul(tape, perDim, weight, false, false));
            x = Shaping.permute(tape, compressed, 0, 2, 1);
            pooled.add(Reductions.sum(tape, x, 2));
        }
        Tensor cin = MatMul.linear(tape, Shaping.concat(tape, pooled, 1), cinOut, cinBias);
        Tensor deepLogit = deep.apply(tape, x0.view(rows, -1));
        return ModelSupport.sumLogits(tape, linear.apply(tape, batch), cin, deepLogit);
    }
}
