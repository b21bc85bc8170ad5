package org.recllm.ctr.models;

import java.util.ArrayList;
import java.util.List;
import org.recllm.core.ops.Activations;
import org.recllm.core.ops.Attention;
import org.recllm.core.ops.Elementwise;
import org.recllm.core.ops.MatMul;
import org.recllm.core.ops.Shaping;
import org.recllm.core.tensor.Tape;
import org.recllm.core.tensor.Tensor;
import org.recllm.ctr.features.Batch;
import org.recllm.ctr.inputs.InputEmbedding;
import org.recllm.ctr.inputs.ModelInputs;
import org.recllm.ctr.layers.Mlp;

/**
 * AutoInt (Song et al. 2019): stacked multi-head self-attention over the field embeddings with residual
 * projections and ReLU, flattened into a linear output; an optional MLP (AutoInt+) adds its logit.
 */
public final class AutoInt extends ZooModel {
    public record Config(EmbeddingConfig embedding, DnnConfig dnn, int attentionLayers, int heads, int attentionDim,
                         boolean residual) {}

    private record Layer(Tensor query, Tensor key, Tensor value, Tensor residual) {}

    private final InputEmbedding embedding;
    private final List<Layer> layers = new ArrayList<>();
    private final Tensor outWeight;
    private final Tensor outBias;
    private final Mlp deep;
    private final int heads;

    public AutoInt(Config config, ModelInputs inputs, long seed) {
        super(seed);
        this.embedding = inputLayer(config.embedding(), inputs, List.of());
        this.heads = config.heads();
        int width = config.attentionDim();
        if (width % heads != 0) {
            throw new IllegalArgumentException("attentionDim " + width + " must be a multiple of heads " + heads);
        }
        int in = embedding.dim();
        for (int l = 0; l < config.attentionLayers(); l++) {
            String name = "attention." + l;
            layers.add(new Layer(params.xavier(name + ".query", in, width), params.xavier(name + ".key", in, width),
                    params.xavier(name + ".value", in, width),
                    config.residual() ? params.xavier(name + ".residual", in, width) : null));
            in = width;
        }
        int fields = embedding.fieldCount();
        this.outWeight = params.xavier("out.weight", fields * in, 1);
        this.outBias = params.constant("out.bias", 0f, 1);
        DnnConfig dnn = config.dnn();
        this.deep = dnn.hidden().isEmpty() ? null : dnn.build(params, "dnn", fields * embedding.dim(), 1);
    }

    @Override
    public Tensor logits(Tape tape, Batch batch) {
        Tensor e = embedding.fields(tape, batch);
        int rows = e.dim(0);
        int fields = e.dim(1);
        Tensor x = e;
        for (Layer layer : layers) {
            int width = layer.query().dim(1);
            int headDim = width / heads;
            Tensor q = split(tape, MatMul.matmul(tape, x, layer.query(), false, false), rows, fields, headDim);
            Tensor k = split(tape, MatMul.matmul(tape, x, layer.key(), false, false), rows, fields, headDim);
            Tensor v = split(tape, MatMul.matmul(tape, x, layer.value(), false, false), rows, fields, headDim);
            Tensor attended = Attention.scaledDotProduct(tape, q, k, v, null);
            Tensor merged = Shaping.permute(tape, attended, 0, 2, 1, 3).view(rows, fields, width);
            if (layer.residual() != null) {
                merged = Elementwise.add(tape, merged, MatMul.matmul(tape, x, layer.residual(), false, false));
            }
            x = Activations.relu(tape, merged);
        }
        Tensor logit = MatMul.linear(tape, x.view(rows, -1), outWeight, outBias);
        return deep == null ? ModelSupport.sumLogits(tape, logit)
                : ModelSupport.sumLogits(tape, logit, deep.apply(tape, e.view(rows, -1)));
    }

    /** [B, F, H·d] → [B, H, F, d]. */
    private Tensor split(Tape tape, Tensor x, int rows, int fields, int headDim) {
        return Shaping.permute(tape, x.view(rows, fields, heads, headDim), 0, 2, 1, 3);
    }
}
