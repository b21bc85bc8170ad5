package org.recllm.ctr.adaptor;

import java.util.List;
import org.recllm.ctr.layers.Activation;

/**
 * How knowledge vectors become model inputs. {@code HEA}: KAR's hybrid-expert adaptor — shared experts plus
 * experts dedicated to each knowledge type, mixed by a softmax gate on the input vector. {@code MLP}: one plain MLP
 * per type (the ablation). Either ends in a projection to the backbone's embedding size, so the result joins the
 * field embeddings of any model.
 */
public record AdaptorConfig(Kind kind, int sharedExperts, int dedicatedExperts, List<Integer> expertHidden,
                            Activation activation, float dropout) {

    public enum Kind { HEA, MLP }

    public AdaptorConfig {
        expertHidden = List.copyOf(expertHidden);
        if (activation == Activation.DICE) {
            throw new IllegalArgumentException("experts take a parameter-free activation, not Dice");
        }
        if (expertHidden.isEmpty() || sharedExperts < 0 || dedicatedExperts < 0
                || (kind == Kind.HEA && sharedExperts + dedicatedExperts == 0)) {
            throw new IllegalArgumentException("an adaptor needs hidden layers and at least one expert");
        }
    }

    /** KAR's defaults: two shared and two dedicated experts per type, experts MLP [128, 32]. */
    public static AdaptorConfig defaults() {
        return new AdaptorConfig(Kind.HEA, 2, 2, List.of(128, 32), Activation.RELU, 0f);
    }
}
