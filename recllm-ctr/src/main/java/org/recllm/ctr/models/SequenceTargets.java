package org.recllm.ctr.models;

import java.util.ArrayList;
import java.util.List;
import org.recllm.core.ops.Shaping;
import org.recllm.core.tensor.Tape;
import org.recllm.core.tensor.Tensor;
import org.recllm.ctr.features.Batch;
import org.recllm.ctr.features.FeatureLayout;
import org.recllm.ctr.layers.FeatureEmbedding;

/**
 * Target-attention inputs shared by DIN and DIEN: the query (target fields joined) and the keys (the aligned
 * sequence fields joined per step).
 */
final class SequenceTargets {
    private SequenceTargets() {}

    /** Checks the pairing and returns the sequence group the fields belong to. */
    static String group(FeatureLayout layout, List<String> targets, List<String> sequences) {
        if (targets.size() != sequences.size() || targets.isEmpty()) {
            throw new IllegalArgumentException("as many target fields as sequence fields are needed: " + targets + " vs " + sequences);
        }
        targets.forEach(layout::field);
        List<String> groups = sequences.stream().map(name -> layout.field(name).group()).distinct().toList();
        if (groups.size() != 1 || groups.getFirst() == null) {
            throw new IllegalArgumentException("the sequence fields must be steps of one behaviour sequence: " + sequences);
        }
        return groups.getFirst();
    }

    /** [B, Dq]: the target fields' vectors side by side, each followed by its knowledge vector when it has one. */
    static Tensor query(Tape tape, FeatureEmbedding embedding, Batch batch, List<String> targets) {
        List<Tensor> parts = new ArrayList<>();
        for (String target : targets) {
            parts.add(embedding.field(tape, batch, target));
            Tensor knowledge = embedding.knowledge(tape, batch, target);
            if (knowledge != null) {
                parts.add(knowledge);
            }
        }
        return parts.size() == 1 ? parts.getFirst() : Shaping.concat(tape, parts, 1);
    }

    /** [B, T, Dq]: the sequence fields' vectors side by side at every step, aligned with {@link #query}. */
    static Tensor keys(Tape tape, FeatureEmbedding embedding, Batch batch, List<String> sequences) {
        List<Tensor> parts = new ArrayList<>();
        for (String sequence : sequences) {
            parts.add(embedding.sequence(tape, batch, sequence));
            Tensor knowledge = embedding.sequenceKnowledge(tape, batch, sequence);
            if (knowledge != null) {
                parts.add(knowledge);
            }
        }
        return parts.size() == 1 ? parts.getFirst() : Shaping.concat(tape, parts, 2);
    }

    /** Width of {@link #query} and {@link #keys}: the embedding size per target, doubled where knowledge joins. */
    static int width(FeatureEmbedding embedding, FeatureLayout layout, List<String> targets, List<String> sequences) {
        int width = 0;
        for (int i = 0; i < targets.size(); i++) {
            String target = targets.get(i);
            String sequence = sequences.get(i);
            boolean targetKnowledge = layout.knowledge() != null && layout.knowledge().inputs().stream()
                    .anyMatch(k -> k.field().equals(target));
            boolean sequenceKnowledge = layout.knowledge() != null && layout.knowledge().inputs().stream()
                    .anyMatch(k -> k.sequenceFields().contains(sequence));
            if (targetKnowledge != sequenceKnowledge) {
                throw new IllegalArgumentException("knowledge must cover both " + target + " and " + sequence
                        + " or neither, so query and keys align");
            }
            width += embedding.dim() * (targetKnowledge ? 2 : 1);
        }
        return width;
    }
}
