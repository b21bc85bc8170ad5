package org.recllm.ctr.models;

import java.util.List;
import org.recllm.core.ops.Activations;
import org.recllm.core.ops.Elementwise;
import org.recllm.core.ops.MatMul;
import org.recllm.core.ops.Reductions;
import org.recllm.core.ops.Shaping;
import org.recllm.core.tensor.Tape;
import org.recllm.core.tensor.Tensor;
import org.recllm.ctr.features.Batch;
import org.recllm.ctr.inputs.InputEmbedding;
import org.recllm.ctr.inputs.ModelInputs;
import org.recllm.ctr.inputs.LinearTerm;
import org.recllm.ctr.layers.Mlp;
import org.recllm.ctr.layers.PairwiseProduct;

/**
 * FiBiNET (Huang et al. 2019): a squeeze-excitation network re-weights the fields; bilinear interactions
 * (v_i·W) ⊙ v_j of the original and the re-weighted embeddings feed an MLP, plus a linear part. W is one matrix
 * for all fields ({@code FIELD_ALL}) or one per field ({@code FIELD_EACH}).
 */
public final class FiBiNet extends ZooModel {
    public enum Bilinear { FIELD_ALL, FIELD_EACH }

    public record Config(EmbeddingConfig embedding, DnnConfig dnn, int reductionRatio, Bilinear bilinear) {}

    private final LinearTerm linear;
    private final InputEmbedding embedding;
    private final Tensor squeeze;
    private final Tensor excite;
    private final Tensor bilinearWeight;
    private final Bilinear bilinear;
    private final Mlp deep;

    public FiBiNet(Config config, ModelInputs inputs, long seed) {
        super(seed);
        this.linear = new LinearTerm(params, "lr", inputs);
        this.embedding = inputLayer(config.embedding(), inputs, List.of());
        int fields = embedding.fieldCount();
        int dim = embedding.dim();
        int reduced = Math.max(1, fields / config.reductionRatio());
        this.squeeze = params.xavier("senet.squeeze", fields, reduced);
        this.excite = params.xavier("senet.excite", reduced, fields);
        this.bilinear = config.bilinear();
        this.bilinearWeight = bilinear == Bilinear.FIELD_ALL
                ? params.xavier("bilinear.weight", dim, dim)
                : params.normal("bilinear.weight", (float) Math.sqrt(1.0 / dim), fields, dim, dim);
        DnnConfig dnn = config.dnn();
        this.deep = dnn.build(params, "dnn", 2 * PairwiseProduct.pairs(fields) * dim, 1);
    }

    @Override
    public Tensor logits(Tape tape, Batch batch) {
        Tensor e = embedding.fields(tape, batch);
        int rows = e.dim(0);
        int fields = e.dim(1);
        Tensor z = Reductions.mean(tape, e, 2);
        Tensor weights = Activations.relu(tape, MatMul.matmul(tape,
                Activations.relu(tape, MatMul.matmul(tape, z, squeeze, false, false)), excite, false, false));
        Tensor v = Elementwise.mul(tape, e, weights.view(rows, fields, 1));
        Tensor joined = Shaping.concat(tape, List.of(interact(tape, e).view(rows, -1), interact(tape, v).view(rows, -1)), 1);
        return ModelSupport.sumLogits(tape, linear.apply(tape, batch), deep.apply(tape, joined));
    }

    private Tensor interact(Tape tape, Tensor x) {
        Tensor left;
        if (bilinear == Bilinear.FIELD_ALL) {
            left = MatMul.matmul(tape, x, bilinearWeight, false, false);
        } else {
            Tensor byField = Shaping.permute(tape, x, 1, 0, 2);
            left = Shaping.permute(tape, MatMul.batched(tape, byField, bilinearWeight, false, false), 1, 0, 2);
        }
        return PairwiseProduct.apply(tape, left, x);
    }
}
