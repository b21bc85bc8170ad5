package org.recllm.ctr.models;

import java.util.ArrayList;
import java.util.List;
import org.recllm.core.ops.Shaping;
import org.recllm.core.tensor.Tape;
import org.recllm.core.tensor.Tensor;
import org.recllm.ctr.features.FeatureLayout;
import org.recllm.ctr.features.FieldInput;
import org.recllm.ctr.features.KnowledgeInput;
import org.recllm.ctr.inputs.EmbeddedBatch;

/**
 * Target-attention inputs shared by DIN and DIEN: the query (target fields joined, each with its knowledge) and the
 * keys (the aligned sequence fields joined per step, each with its knowledge). Which fields pair up comes from the
 * schema's roles — each sequence field aligned with a target field — unless a model's configuration names them.
 *
 * @param targets   target fields forming the query, e.g. the item id and its genres
 * @param sequences sequence fields forming the keys, aligned one to one with {@code targets}
 * @param group     the behaviour sequence they belong to
 */
record SequenceTargets(List<String> targets, List<String> sequences, String group) {

    /**
     * The pairing for {@code layout}: the configured fields when given (both lists), else every sequence field the
     * schema aligns with a target field.
     */
    static SequenceTargets of(FeatureLayout layout, List<String> targets, List<String> sequences) {
        if (targets.isEmpty() && sequences.isEmpty()) {
            List<FieldInput> aligned = layout.alignedSequences();
            if (aligned.isEmpty()) {
                throw new IllegalArgumentException("target attention needs a behaviour sequence aligned with target fields; "
                        + "these samples have none (their fields: " + layout.fields().stream().map(FieldInput::name).toList()
                        + "); prepare them with a history, or name targetFields and sequenceFields");
            }
            targets = aligned.stream().map(FieldInput::alignedWith).toList();
            sequences = aligned.stream().map(FieldInput::name).toList();
        }
        if (targets.size() != sequences.size() || targets.isEmpty()) {
            throw new IllegalArgumentException("as many target fields as sequence fields are needed: " + targets + " vs " + sequences);
        }
        targets.forEach(layout::field);
        List<String> groups = sequences.stream().map(name -> layout.field(name).group()).distinct().toList();
        if (groups.size() != 1 || groups.getFirst() == null) {
            throw new IllegalArgumentException("the sequence fields must be steps of one behaviour sequence: " + sequences);
        }
        for (int i = 0; i < targets.size(); i++) {
            List<KnowledgeInput> target = layout.knowledgeKeyedBy(targets.get(i));
            List<KnowledgeInput> sequence = layout.knowledgeAlong(sequences.get(i));
            if (!target.equals(sequence)) {
                throw new IllegalArgumentException("each knowledge type must cover both " + targets.get(i) + " and "
                        + sequences.get(i) + " (as its key and a sequence field) or neither, so query and keys align; "
                        + targets.get(i) + " has " + names(target) + ", " + sequences.get(i) + " has " + names(sequence));
            }
        }
        return new SequenceTargets(List.copyOf(targets), List.copyOf(sequences), groups.getFirst());
    }

    /** [B, Dq]: the target fields' vectors side by side, each followed by its knowledge vector when it has one. */
    Tensor query(Tape tape, EmbeddedBatch inputs) {
        List<Tensor> parts = new ArrayList<>();
        for (String target : targets) {
            parts.add(inputs.field(target));
            parts.addAll(inputs.knowledge(target));
        }
        return parts.size() == 1 ? parts.getFirst() : Shaping.concat(tape, parts, 1);
    }

    /** [B, T, Dq]: the sequence fields' vectors side by side at every step, aligned with {@link #query}. */
    Tensor keys(Tape tape, EmbeddedBatch inputs) {
        List<Tensor> parts = new ArrayList<>();
        for (String sequence : sequences) {
            parts.add(inputs.sequence(sequence));
            parts.addAll(inputs.sequenceKnowledge(sequence));
        }
        return parts.size() == 1 ? parts.getFirst() : Shaping.concat(tape, parts, 2);
    }

    /** Width of {@link #query} and {@link #keys}: the embedding size per target and per knowledge type joining it. */
    int width(FeatureLayout layout, int dim) {
        int width = 0;
        for (String target : targets) {
            width += dim * (1 + layout.knowledgeKeyedBy(target).size());
        }
        return width;
    }

    private static List<String> names(List<KnowledgeInput> inputs) {
        return inputs.stream().map(KnowledgeInput::name).toList();
    }
}
