package org.recllm.ctr.models;

import java.util.ArrayList;
import java.util.List;
import org.recllm.core.ops.Elementwise;
import org.recllm.core.ops.Losses;
import org.recllm.core.ops.MatMul;
import org.recllm.core.ops.Reductions;
import org.recllm.core.ops.Shaping;
import org.recllm.core.ops.Softmax;
import org.recllm.core.tensor.Tape;
import org.recllm.core.tensor.Tensor;
import org.recllm.ctr.features.Batch;
import org.recllm.ctr.inputs.EmbeddedBatch;
import org.recllm.ctr.inputs.InputEmbedding;
import org.recllm.ctr.inputs.ModelInputs;
import org.recllm.ctr.layers.GruCell;
import org.recllm.ctr.layers.Mlp;

/**
 * DIEN (Zhou et al. 2019): an interest-extractor GRU over the behaviour sequence, trained with an auxiliary loss
 * (each state must tell the next real behaviour from one taken from another user in the batch), then an
 * interest-evolving AUGRU whose update gate is scaled by the attention of each state to the target item; its last
 * state joins the other field embeddings in an MLP. Padding steps leave the state unchanged.
 */
public final class Dien extends ZooModel implements AuxiliaryLoss {
    public record Config(EmbeddingConfig embedding, DnnConfig dnn, List<String> targetFields, List<String> sequenceFields,
                         float auxiliaryWeight) {}

    private final InputEmbedding embedding;
    private final GruCell extractor;
    private final GruCell evolver;
    private final Tensor attention;
    private final Mlp deep;
    private final SequenceTargets pairing;
    private final float auxiliaryWeight;
    private Tensor auxiliary;

    public Dien(Config config, ModelInputs inputs, long seed) {
        super(seed);
        this.pairing = SequenceTargets.of(inputs.layout(), config.targetFields(), config.sequenceFields());
        this.embedding = inputLayer(config.embedding(), inputs, pairing.sequences());
        int keyDim = pairing.width(inputs.layout(), embedding.dim());
        this.extractor = new GruCell(params, "extractor", keyDim, keyDim);
        this.evolver = new GruCell(params, "evolver", keyDim, keyDim);
        this.attention = params.xavier("attention.weight", keyDim, keyDim);
        DnnConfig dnn = config.dnn();
        this.deep = dnn.build(params, "dnn", embedding.fieldCount() * embedding.dim() + 2 * keyDim, 1);
        this.auxiliaryWeight = config.auxiliaryWeight();
    }

    @Override
    public Tensor logits(Tape tape, Batch batch) {
        int rows = batch.size();
        EmbeddedBatch inputs = embedding.embed(tape, batch);
        Tensor query = pairing.query(tape, inputs);
        Tensor keys = pairing.keys(tape, inputs);
        int steps = keys.dim(1);
        int dim = keys.dim(2);
        float[] mask = batch.mask(pairing.group());
        List<Tensor> states = new ArrayList<>(steps);
        Tensor h = tape.zeroedResult(false, rows, dim);
        for (int t = 0; t < steps; t++) {
            Tensor next = extractor.step(tape, step(tape, keys, t, rows, dim), h, null);
            h = masked(tape, h, next, mask, t, rows, steps);
            states.add(h.view(rows, 1, dim));
        }
        Tensor extracted = Shaping.concat(tape, states, 1);
        auxiliary = tape.gradients() && auxiliaryWeight > 0
                ? Elementwise.scale(tape, auxiliaryLoss(tape, extracted, keys, mask, rows, steps, dim), auxiliaryWeight) : null;
        // Attention of each extracted state to the target: softmax over valid steps of h_t · W · q.
        Tensor projected = MatMul.matmul(tape, query, attention, false, true).view(rows, dim, 1);
        Tensor scores = MatMul.batched(tape, extracted, projected, false, false).view(rows, steps);
        Tensor weights = Softmax.masked(tape, scores, mask, 1);
        Tensor evolved = tape.zeroedResult(false, rows, dim);
        for (int t = 0; t < steps; t++) {
            Tensor score = Shaping.slice(tape, weights, 1, t, t + 1);
            Tensor next = evolver.step(tape, step(tape, extracted, t, rows, dim), evolved, score);
            evolved = masked(tape, evolved, next, mask, t, rows, steps);
        }
        Tensor joined = Shaping.concat(tape, List.of(inputs.fields().view(rows, -1), evolved, query), 1);
        return ModelSupport.sumLogits(tape, deep.apply(tape, joined));
    }

    @Override
    public Tensor auxiliaryLoss() {
        return auxiliary;
    }

    private static Tensor step(Tape tape, Tensor sequence, int t, int rows, int dim) {
        return Shaping.slice(tape, sequence, 1, t, t + 1).view(rows, dim);
    }

    /** h + m_t ⊙ (next − h): the state moves only on real (unpadded) steps. */
    private static Tensor masked(Tape tape, Tensor h, Tensor next, float[] mask, int t, int rows, int steps) {
        Tensor stepMask = tape.constant(rows, 1);
        for (int b = 0; b < rows; b++) {
            stepMask.data()[b] = mask[b * steps + t];
        }
        return Elementwise.add(tape, h, Elementwise.mul(tape, Elementwise.sub(tape, next, h), stepMask));
    }

    /**
     * BCE of σ(h_t · e_{t+1}) against 1 and σ(h_t · e'_{t+1}) against 0, where e' is the same step of another row
     * (row b + 1, cyclically), over steps where both t and t + 1 are real.
     */
    private static Tensor auxiliaryLoss(Tape tape, Tensor extracted, Tensor keys, float[] mask, int rows, int steps, int dim) {
        int pairs = steps - 1;
        Tensor states = Shaping.slice(tape, extracted, 1, 0, pairs);
        Tensor positives = Shaping.slice(tape, keys, 1, 1, steps);
        int[] shifted = new int[rows * pairs];
        float[] labels = new float[2 * rows * pairs];
        float[] weights = new float[2 * rows * pairs];
        for (int b = 0; b < rows; b++) {
            int other = (b + 1) % rows;
            for (int t = 0; t < pairs; t++) {
                shifted[b * pairs + t] = other * pairs + t;
                float valid = mask[b * steps + t] * mask[b * steps + t + 1] * mask[other * steps + t + 1];
                labels[b * pairs + t] = 1f;
                weights[b * pairs + t] = valid;
                weights[rows * pairs + b * pairs + t] = valid;
            }
        }
        Tensor negatives = Shaping.gatherRows(tape, positives.view(rows * pairs, dim), shifted, rows * pairs).view(rows, pairs, dim);
        Tensor positiveLogits = Reductions.sum(tape, Elementwise.mul(tape, states, positives), 2);
        Tensor negativeLogits = Reductions.sum(tape, Elementwise.mul(tape, states, negatives), 2);
        Tensor logits = Shaping.concat(tape, List.of(positiveLogits.view(-1), negativeLogits.view(-1)), 0);
        return Losses.bceWithLogits(tape, logits, labels, weights);
    }
}
