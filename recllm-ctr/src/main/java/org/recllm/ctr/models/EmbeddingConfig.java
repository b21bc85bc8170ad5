package org.recllm.ctr.models;

/** Embedding settings every model shares: FuxiCTR's defaults are dimension 16 and Normal(0, 1e-4²) values. */
public record EmbeddingConfig(int dim, float initStd) {
    public static EmbeddingConfig defaults() {
        return new EmbeddingConfig(16, 1e-4f);
    }
}
