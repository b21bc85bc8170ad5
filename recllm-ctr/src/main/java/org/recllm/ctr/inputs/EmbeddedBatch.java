package org.recllm.ctr.inputs;

import java.util.ArrayList;
import java.util.List;
import org.recllm.core.ops.Shaping;
import org.recllm.core.tensor.Tape;
import org.recllm.core.tensor.Tensor;
import org.recllm.ctr.adaptor.HybridExpertAdaptor;
import org.recllm.ctr.features.Batch;
import org.recllm.ctr.features.FeatureLayout;
import org.recllm.ctr.features.KnowledgeInput;
import org.recllm.ctr.features.KnowledgeRows;
import org.recllm.ctr.layers.FeatureEmbedding;

/**
 * One batch's inputs within one forward pass. Knowledge of a type is adapted once, for the batch's distinct ids, the
 * first time any field asks for it; every field keyed by that type then gathers its rows from that one result. Its
 * tensors live on the pass's tape.
 */
public final class EmbeddedBatch {
    private final FeatureEmbedding embedding;
    private final HybridExpertAdaptor adaptor;
    private final FeatureLayout layout;
    private final Tensor[] adapted;
    private final Tape tape;
    private final Batch batch;
    private final java.util.Map<String, float[]> precomputed;

    EmbeddedBatch(FeatureEmbedding embedding, HybridExpertAdaptor adaptor, FeatureLayout layout, Tape tape, Batch batch,
                  java.util.Map<String, float[]> precomputed) {
        this.embedding = embedding;
        this.adaptor = adaptor;
        this.layout = layout;
        this.adapted = new Tensor[layout.knowledge().size()];
        this.tape = tape;
        this.batch = batch;
        this.precomputed = precomputed;
    }

    /** Every field's vector stacked as [B, F, D]: the layout's fields (less the excluded), then one per knowledge type. */
    public Tensor fields() {
        int rows = batch.size();
        int dim = embedding.dim();
        List<Tensor> parts = new ArrayList<>();
        for (Tensor field : embedding.fields(tape, batch)) {
            parts.add(field.view(rows, 1, dim));
        }
        if (adaptor != null) {
            for (KnowledgeInput input : layout.knowledge()) {
                parts.add(gather(input, input.field(), rows).view(rows, 1, dim));
            }
        }
        return Shaping.concat(tape, parts, 1);
    }

    /** One field's vector per row, [B, D]. */
    public Tensor field(String name) {
        return embedding.field(tape, batch, name);
    }

    /** A sequence field's embeddings per step, [B, T, D] (zero at padding). */
    public Tensor sequence(String name) {
        return embedding.sequence(tape, batch, name);
    }

    /** The adapted knowledge of a categorical field's ids, [B, D] per knowledge type keyed by it (empty when none). */
    public List<Tensor> knowledge(String field) {
        if (adaptor == null) {
            return List.of();
        }
        List<Tensor> adaptedKnowledge = new ArrayList<>();
        for (KnowledgeInput input : layout.knowledgeKeyedBy(field)) {
            adaptedKnowledge.add(gather(input, field, batch.size()));
        }
        return adaptedKnowledge;
    }

    /** The adapted knowledge of a sequence field's ids per step, [B, T, D] per knowledge type it reads (or none). */
    public List<Tensor> sequenceKnowledge(String field) {
        if (adaptor == null) {
            return List.of();
        }
        int steps = layout.field(field).width();
        List<Tensor> adaptedKnowledge = new ArrayList<>();
        for (KnowledgeInput input : layout.knowledgeAlong(field)) {
            adaptedKnowledge.add(gather(input, field, batch.size() * steps).view(batch.size(), steps, embedding.dim()));
        }
        return adaptedKnowledge;
    }

    private Tensor gather(KnowledgeInput input, String field, int count) {
        KnowledgeRows rows = batch.knowledge(input.name());
        float[] table = precomputed.get(input.name());
        if (table != null) {
            int dim = embedding.dim();
            int[] slots = rows.slots(field);
            int[] distinct = rows.distinct();
            Tensor y = tape.result(false, count, dim);
            for (int i = 0; i < count; i++) {
                System.arraycopy(table, distinct[slots[i]] * dim, y.data(), i * dim, dim);
            }
            return y;
        }
        int type = layout.knowledge().indexOf(input);
        if (adapted[type] == null) {
            adapted[type] = adaptor.adapt(tape, rows);
        }
        return Shaping.gatherRows(tape, adapted[type], rows.slots(field), count);
    }
}
