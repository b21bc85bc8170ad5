package org.recllm.llm.model;

import org.recllm.llm.LanguageModel;

/**
 * Text → one vector from a decoder's hidden states: the output of a chosen block (the last one is final-normed),
 * averaged over the text's tokens or taken at its last token, L2-normalised. Used for item embeddings (ReLLa's
 * retrieval) and as a knowledge encoder.
 */
public final class TextEmbedder {
    /** How token states become one vector. */
    public enum Pooling { MEAN, LAST }

    private final LanguageModel model;
    private final int layer;
    private final Pooling pooling;

    public TextEmbedder(LanguageModel model, int layer, Pooling pooling) {
        if (layer < 1 || layer > model.config().layers()) {
            throw new IllegalArgumentException("layer must be 1.." + model.config().layers() + ", got " + layer);
        }
        this.model = model;
        this.layer = layer;
        this.pooling = pooling;
    }

    public int dimension() {
        return model.config().dim();
    }

    public float[] embed(String text) {
        int[] tokens = model.prompt(text);
        if (tokens.length == 0) {
            throw new IllegalArgumentException("cannot embed empty text");
        }
        Transformer transformer = model.transformer();
        float[] states = transformer.hiddenStates(transformer.newCache(tokens.length), tokens, layer);
        int dim = dimension();
        float[] vector = new float[dim];
        int from = pooling == Pooling.LAST ? tokens.length - 1 : 0;
        for (int t = from; t < tokens.length; t++) {
            for (int j = 0; j < dim; j++) {
                vector[j] += states[t * dim + j];
            }
        }
        double norm = 0;
        for (float v : vector) {
            norm += v * v;
        }
        float scale = norm > 0 ? (float) (1 / Math.sqrt(norm)) : 0f;
        for (int j = 0; j < dim; j++) {
            vector[j] *= scale;
        }
        return vector;
    }
}
