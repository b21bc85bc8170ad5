package org.recllm.llm.lora;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import org.recllm.llm.model.Projection;

/**
 * A LoRA adapter's shape: rank {@code rank} factors on the {@code targets} projections of every block, their product
 * scaled by {@code alpha / rank}, and dropout with rate {@code dropout} on the adapter's input while training.
 */
public record LoraConfig(int rank, float alpha, float dropout, Set<Projection> targets) {

    public LoraConfig {
        if (rank < 1) {
            throw new IllegalArgumentException("the rank must be at least 1, got " + rank);
        }
        if (!(alpha > 0)) {
            throw new IllegalArgumentException("alpha must be positive, got " + alpha);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
        }
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("no target projection");
        }
        targets = Set.copyOf(targets);
    }

    public float scale() {
        return alpha / rank;
    }

    /** Projections from a comma-separated list of short names ({@code q,v}). */
    public static Set<Projection> targets(String list) {
        Set<Projection> targets = EnumSet.noneOf(Projection.class);
        Arrays.stream(list.split(",")).filter(name -> !name.isBlank()).map(Projection::byOption).forEach(targets::add);
        return targets;
    }
}
