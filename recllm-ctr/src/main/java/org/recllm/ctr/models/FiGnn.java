package org.recllm.ctr.models;

import java.util.ArrayList;
import java.util.List;
import org.recllm.core.ops.Activations;
import org.recllm.core.ops.Elementwise;
import org.recllm.core.ops.MatMul;
import org.recllm.core.ops.Reductions;
import org.recllm.core.ops.Shaping;
import org.recllm.core.ops.Softmax;
import org.recllm.core.tensor.Tape;
import org.recllm.core.tensor.Tensor;
import org.recllm.ctr.features.Batch;
import org.recllm.ctr.inputs.InputEmbedding;
import org.recllm.ctr.inputs.ModelInputs;
import org.recllm.ctr.layers.GruCell;
import org.recllm.ctr.layers.PairSum;

/**
 * FiGNN (Li et al. 2019): fields are nodes of a fully connected graph whose edge weights come from attention
 * (softmax over j ≠ i of LeakyReLU(w·[h_i ‖ h_j])); each step sends node-specific transforms of the states along
 * the edges, a GRU updates every node (with a residual to the initial embedding), and an attentional readout
 * sums per-node scores weighted by per-node gates.
 */
public final class FiGnn extends ZooModel {
    public record Config(EmbeddingConfig embedding, int layers, boolean residual) {}

    private record Step(Tensor attentionSource, Tensor attentionTarget, Tensor outWeight, Tensor inWeight, Tensor bias) {}

    private final InputEmbedding embedding;
    private final List<Step> steps = new ArrayList<>();
    private final GruCell gru;
    private final Tensor scoreWeight;
    private final Tensor gateWeight;
    private final boolean residual;

    public FiGnn(Config config, ModelInputs inputs, long seed) {
        super(seed);
        this.embedding = inputLayer(config.embedding(), inputs, List.of());
        int fields = embedding.fieldCount();
        int dim = embedding.dim();
        float std = (float) Math.sqrt(1.0 / dim);
        for (int l = 0; l < config.layers(); l++) {
            String name = "gnn." + l;
            steps.add(new Step(params.xavier(name + ".attention.source", dim, 1), params.xavier(name + ".attention.target", dim, 1),
                    params.normal(name + ".out", std, fields, dim, dim), params.normal(name + ".in", std, fields, dim, dim),
                    params.constant(name + ".bias", 0f, dim)));
        }
        this.gru = new GruCell(params, "gru", dim, dim);
        this.scoreWeight = params.xavier("readout.score", dim, 1);
        this.gateWeight = params.xavier("readout.gate", fields * dim, fields);
        this.residual = config.residual();
    }

    @Override
    public Tensor logits(Tape tape, Batch batch) {
        Tensor h0 = embedding.fields(tape, batch);
        int rows = h0.dim(0);
        int fields = h0.dim(1);
        int dim = h0.dim(2);
        Tensor h = h0;
        for (Step step : steps) {
            Tensor source = MatMul.matmul(tape, h, step.attentionSource(), false, false).view(rows, fields);
            Tensor target = MatMul.matmul(tape, h, step.attentionTarget(), false, false).view(rows, fields);
            Tensor edges = Softmax.softmax(tape, Activations.leakyRelu(tape, PairSum.apply(tape, source, target, true), 0.01f));
            Tensor sent = perNode(tape, h, step.outWeight());
            Tensor aggregated = MatMul.batched(tape, edges, sent, false, false);
            Tensor received = Elementwise.add(tape, perNode(tape, aggregated, step.inWeight()), step.bias());
            h = gru.step(tape, received.view(rows * fields, dim), h.view(rows * fields, dim), null).view(rows, fields, dim);
            if (residual) {
                h = Elementwise.add(tape, h, h0);
            }
        }
        Tensor scores = MatMul.matmul(tape, h, scoreWeight, false, false).view(rows, fields);
        Tensor gates = Activations.sigmoid(tape, MatMul.matmul(tape, h.view(rows, fields * dim), gateWeight, false, false));
        return Reductions.sum(tape, Elementwise.mul(tape, scores, gates), 1);
    }

    /** Node-specific linear maps: node f's state times its own [D, D] matrix. */
    private static Tensor perNode(Tape tape, Tensor h, Tensor weights) {
        Tensor byNode = Shaping.permute(tape, h, 1, 0, 2);
        return Shaping.permute(tape, MatMul.batched(tape, byNode, weights, false, false), 1, 0, 2);
    }
}
