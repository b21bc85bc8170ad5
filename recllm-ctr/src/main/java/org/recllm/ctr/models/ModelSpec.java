package org.recllm.ctr.models;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.recllm.core.io.AtomicFiles;
import org.recllm.ctr.features.FeatureLayout;

/** A model name with its complete configuration, able to build fresh instances (one per seed). */
public record ModelSpec(String name, Record config, Factory factory) {

    /** Builds a model from a configuration, a layout and a seed. */
    @FunctionalInterface
    public interface Factory {
        CtrModel build(Record config, FeatureLayout layout, long seed);
    }

    public CtrModel build(FeatureLayout layout, long seed) {
        return factory.build(config, layout, seed);
    }

    /** The configuration as JSON, for reports and checkpoints. */
    public String configJson() {
        try {
            return AtomicFiles.JSON.writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT).writeValueAsString(config);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
