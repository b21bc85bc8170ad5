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

    /** [B, Dq]: the target fields' vectors side by side. */
    static Tensor query(Tape tape, FeatureEmbedding embedding, Batch batch, List<String> targets) {
        List<Tensor> parts = new ArrayList<>();
        for (String target : targets) {
            parts.add(embedding.field(tape, batch, target));
        }
        return parts.size() == 1 ? parts.getFirst() : Shaping.concat(tape, parts, 1);
    }

    /** [B, T, Dq]: the sequence fields' vectors side by side at every step. */
    static Tensor keys(Tape tape, FeatureEmbedding embedding, Batch batch, List<String> sequences) {
        List<Tensor> parts = new ArrayList<>();
        for (String sequence : sequences) {
            parts.add(embedding.sequence(tape, batch, sequence));
        }
        return parts.size() == 1 ? parts.getFirst() : Shaping.concat(tape, parts, 2);
    }
}
