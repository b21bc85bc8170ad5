package org.recllm.ctr.models;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.recllm.core.io.AtomicFiles;
import org.recllm.ctr.features.FeatureLayout;
import org.recllm.ctr.inputs.ModelInputs;

/** A model name with its complete configuration, able to build fresh instances (one per seed). */
public record ModelSpec(String name, Record config, Factory factory) {

    /** Builds a model from a configuration, a layout and a seed. */
    @FunctionalInterface
    public interface Factory {
        CtrModel build(Record config, ModelInputs inputs, long seed);
    }

    public CtrModel build(ModelInputs inputs, long seed) {
        return factory.build(config, inputs, seed);
    }

    /** A model over {@code layout}'s fields and knowledge with the default adaptor. */
    public CtrModel build(FeatureLayout layout, long seed) {
        return build(ModelInputs.of(layout), seed);
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
