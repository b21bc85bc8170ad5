package org.recllm.ctr.models;

import java.util.ArrayList;
import java.util.List;
import org.recllm.core.nn.ParameterSet;
import org.recllm.core.ops.Elementwise;
import org.recllm.core.ops.MatMul;
import org.recllm.core.ops.Repeat;
import org.recllm.core.ops.Shaping;
import org.recllm.core.tensor.Tape;
import org.recllm.core.tensor.Tensor;
import org.recllm.ctr.features.Batch;
import org.recllm.ctr.features.FeatureLayout;
import org.recllm.ctr.layers.Activation;
import org.recllm.ctr.layers.FeatureEmbedding;
import org.recllm.ctr.layers.Mlp;

/**
 * DIN (Zhou et al. 2018): the behaviour sequence is pooled with weights from a local activation unit — an MLP over
 * [query, key, query − key, query ⊙ key] for each step, the target item being the query — without softmax
 * normalisation; the pooled interest joins the other field embeddings in an MLP.
 */
public final class Din implements CtrModel {
    /**
     * @param targetFields   fields that form the query (e.g. item_id, genres)
     * @param sequenceFields sequence fields that form the keys, aligned with the targets (e.g. hist_item, hist_genre)
     */
    public record Config(EmbeddingConfig embedding, DnnConfig dnn, List<Integer> attentionHidden,
                         Activation attentionActivation, List<String> targetFields, List<String> sequenceFields) {}

    private final ParameterSet params;
    private final FeatureEmbedding embedding;
    private final Mlp attention;
    private final Mlp deep;
    private final List<String> targets;
    private final List<String> sequences;
    private final String group;

    public Din(Config config, FeatureLayout layout, long seed) {
        this.params = new ParameterSet(seed);
        this.targets = config.targetFields();
        this.sequences = config.sequenceFields();
        if (targets.size() != sequences.size() || targets.isEmpty()) {
            throw new IllegalArgumentException("DIN needs as many target fields as sequence fields: " + targets + " vs " + sequences);
        }
        List<String> groups = sequences.stream().map(name -> layout.field(name).group()).distinct().toList();
        if (groups.size() != 1 || groups.getFirst() == null) {
            throw new IllegalArgumentException("DIN's sequence fields must be sequences of one group: " + sequences);
        }
        this.group = groups.getFirst();
        targets.forEach(layout::field);
        this.embedding = new FeatureEmbedding(params, "emb", layout, config.embedding().dim(), config.embedding().initStd(), sequences);
        int keyDim = sequences.size() * embedding.dim();
        this.attention = new Mlp(params, "attention", 4 * keyDim, config.attentionHidden(), config.attentionActivation(),
                0f, false, 1);
        DnnConfig dnn = config.dnn();
        this.deep = new Mlp(params, "dnn", embedding.fieldCount() * embedding.dim() + keyDim, dnn.hidden(),
                dnn.activation(), dnn.dropout(), dnn.batchNorm(), 1);
    }

    @Override
    public ParameterSet parameters() {
        return params;
    }

    @Override
    public Tensor logits(Tape tape, Batch batch) {
        int rows = batch.size();
        List<Tensor> queryParts = new ArrayList<>();
        List<Tensor> keyParts = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            queryParts.add(embedding.field(tape, batch, targets.get(i)));
            keyParts.add(embedding.sequence(tape, batch, sequences.get(i)));
        }
        Tensor query = queryParts.size() == 1 ? queryParts.getFirst() : Shaping.concat(tape, queryParts, 1);
        Tensor keys = keyParts.size() == 1 ? keyParts.getFirst() : Shaping.concat(tape, keyParts, 2);
        int steps = keys.dim(1);
        Tensor repeated = Repeat.rows(tape, query, steps);
        Tensor unitInput = Shaping.concat(tape, List.of(repeated, keys, Elementwise.sub(tape, repeated, keys),
                Elementwise.mul(tape, repeated, keys)), 2);
        Tensor scores = attention.apply(tape, unitInput).view(rows, steps);
        Tensor weights = Elementwise.mul(tape, scores, Tensor.constant(batch.mask(group), rows, steps));
        Tensor interest = MatMul.batched(tape, weights.view(rows, 1, steps), keys, false, false).view(rows, -1);
        Tensor joined = Shaping.concat(tape, List.of(embedding.fields(tape, batch).view(rows, -1), interest), 1);
        return ModelSupport.sumLogits(tape, deep.apply(tape, joined));
    }
}
