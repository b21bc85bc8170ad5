package org.recllm.ctr.adaptor;

import java.util.List;

/** The knowledge a model receives and the adaptor that turns it into inputs. */
public record KnowledgeConfig(List<KnowledgeInput> inputs, AdaptorConfig adaptor) {
    public KnowledgeConfig {
        inputs = List.copyOf(inputs);
    }
}
