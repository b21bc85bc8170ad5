package org.recllm.ctr.models;

import java.util.List;
import org.recllm.core.ops.Elementwise;
import org.recllm.core.ops.MatMul;
import org.recllm.core.ops.Repeat;
import org.recllm.core.ops.Shaping;
import org.recllm.core.tensor.Tape;
import org.recllm.core.tensor.Tensor;
import org.recllm.ctr.features.Batch;
import org.recllm.ctr.inputs.EmbeddedBatch;
import org.recllm.ctr.inputs.InputEmbedding;
import org.recllm.ctr.inputs.ModelInputs;
import org.recllm.ctr.layers.Activation;
import org.recllm.ctr.layers.Mlp;

/**
 * DIN (Zhou et al. 2018): the behaviour sequence is pooled with weights from a local activation unit — an MLP over
 * [query, key, query − key, query ⊙ key] for each step, the target item being the query — without softmax
 * normalisation; the pooled interest joins the other field embeddings in an MLP.
 */
public final class Din extends ZooModel {
    /**
     * @param targetFields   fields that form the query (e.g. item_id, genres); empty: the schema's aligned targets
     * @param sequenceFields sequence fields that form the keys, aligned with the targets (e.g. hist_item, hist_genre);
     *                       empty: every sequence field the schema aligns with a target field
     */
    public record Config(EmbeddingConfig embedding, DnnConfig dnn, List<Integer> attentionHidden,
                         Activation attentionActivation, List<String> targetFields, List<String> sequenceFields) {}

    private final InputEmbedding embedding;
    private final Mlp attention;
    private final Mlp deep;
    private final SequenceTargets pairing;

    public Din(Config config, ModelInputs inputs, long seed) {
        super(seed);
        this.pairing = SequenceTargets.of(inputs.layout(), config.targetFields(), config.sequenceFields());
        this.embedding = inputLayer(config.embedding(), inputs, pairing.sequences());
        int keyDim = pairing.width(inputs.layout(), embedding.dim());
        this.attention = new Mlp(params, "attention", 4 * keyDim, config.attentionHidden(), config.attentionActivation(),
                0f, false, 1);
        DnnConfig dnn = config.dnn();
        this.deep = dnn.build(params, "dnn", embedding.fieldCount() * embedding.dim() + keyDim, 1);
    }

    @Override
    public Tensor logits(Tape tape, Batch batch) {
        EmbeddedBatch inputs = embedding.embed(tape, batch);
        Tensor joined = Shaping.concat(tape, List.of(inputs.fields().view(batch.size(), -1), interest(tape, batch, inputs)), 1);
        return ModelSupport.sumLogits(tape, deep.apply(tape, joined));
    }

    /** The interest vector [B, key width]: DIN's user representation v_U(A) = Σⱼ a(eⱼ, v_A) · eⱼ for candidate A. */
    @Override
    public Tensor userRepresentation(Tape tape, Batch batch) {
        return interest(tape, batch, embedding.embed(tape, batch));
    }

    private Tensor interest(Tape tape, Batch batch, EmbeddedBatch inputs) {
        int rows = batch.size();
        Tensor query = pairing.query(tape, inputs);
        Tensor keys = pairing.keys(tape, inputs);
        int steps = keys.dim(1);
        Tensor scores = attention.apply(tape, (weight, bias) -> unitFirstLayer(tape, query, keys, weight, bias))
                .view(rows, steps);
        Tensor weights = Elementwise.mul(tape, scores, Tensor.constant(batch.mask(pairing.group()), rows, steps));
        return MatMul.batched(tape, weights.view(rows, 1, steps), keys, false, false).view(rows, -1);
    }

    /**
     * The activation unit's first layer on [q, k, q − k, q ⊙ k] for every step, without building that input:
     * with W split by rows into W_q, W_k, W_d, W_p it is q·(W_q + W_d) + [k, q ⊙ k]·[W_k − W_d; W_p] + bias, so the
     * query's part is computed once per sample instead of once per step, and the per-step product is half as wide.
     */
    static Tensor unitFirstLayer(Tape tape, Tensor query, Tensor keys, Tensor weight, Tensor bias) {
        int width = keys.dim(2);
        int steps = keys.dim(1);
        if (query.cols() != width || weight.dim(0) != 4 * width) {
            throw new IllegalArgumentException("activation unit: query " + query + ", keys " + keys + " and weight "
                    + weight + " do not fit [q, k, q − k, q ⊙ k]");
        }
        Tensor wq = Shaping.slice(tape, weight, 0, 0, width);
        Tensor wk = Shaping.slice(tape, weight, 0, width, 2 * width);
        Tensor wd = Shaping.slice(tape, weight, 0, 2 * width, 3 * width);
        Tensor wp = Shaping.slice(tape, weight, 0, 3 * width, 4 * width);
        Tensor products = Elementwise.mul(tape, Repeat.rows(tape, query, steps), keys);
        Tensor perStep = MatMul.linear(tape, Shaping.concat(tape, List.of(keys, products), 2),
                Shaping.concat(tape, List.of(Elementwise.sub(tape, wk, wd), wp), 0), bias);
        Tensor perSample = MatMul.matmul(tape, query, Elementwise.add(tape, wq, wd), false, false);
        return Elementwise.add(tape, perStep, Repeat.rows(tape, perSample, steps));
    }
}
