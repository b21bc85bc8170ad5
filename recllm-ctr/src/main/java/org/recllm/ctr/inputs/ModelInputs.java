package org.recllm.ctr.inputs;

import org.recllm.ctr.adaptor.AdaptorConfig;
import org.recllm.ctr.features.FeatureLayout;

/**
 * Everything a model is built over besides its own hyper-parameters: the fields (with any knowledge vectors) and the
 * adaptor that turns knowledge into features. The adaptor is unused when the layout has no knowledge.
 */
public record ModelInputs(FeatureLayout layout, AdaptorConfig adaptor) {

    public ModelInputs {
        if (layout == null || adaptor == null) {
            throw new IllegalArgumentException("model inputs need a layout and an adaptor configuration");
        }
    }

    /** The layout's fields and knowledge, with KAR's default adaptor. */
    public static ModelInputs of(FeatureLayout layout) {
        return new ModelInputs(layout, AdaptorConfig.defaults());
    }

    public boolean hasKnowledge() {
        return !layout.knowledge().isEmpty();
    }
}
