package org.recllm.llm.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.recllm.llm.LanguageModel;

/**
 * Text → one vector from a decoder's hidden states: the output of a chosen block (the last one is final-normed),
 * averaged over the text's tokens or taken at its last token, L2-normalised. Used for item embeddings (ReLLa's
 * retrieval) and as a knowledge encoder. Texts longer than {@link #maxTokens()} keep their first tokens.
 */
public final class TextEmbedder {
    /** How token states become one vector. */
    public enum Pooling { MEAN, LAST }

    /** The vectors of a batch of texts, and how many texts were cut to {@link #maxTokens()}. */
    public record Embedded(float[][] vectors, int truncated) {}

    private final LanguageModel model;
    private final int layer;
    private final Pooling pooling;
    private final int maxTokens;

    public TextEmbedder(LanguageModel model, int layer, Pooling pooling) {
        this(model, layer, pooling, model.config().contextLength());
    }

    public TextEmbedder(LanguageModel model, int layer, Pooling pooling, int maxTokens) {
        if (layer < 1 || layer > model.config().layers()) {
            throw new IllegalArgumentException("layer must be 1.." + model.config().layers() + ", got " + layer);
        }
        if (maxTokens < 1 || maxTokens > model.config().contextLength()) {
            throw new IllegalArgumentException("maxTokens must be 1.." + model.config().contextLength() + ", got " + maxTokens);
        }
        this.model = model;
        this.layer = layer;
        this.pooling = pooling;
        this.maxTokens = maxTokens;
    }

    public int dimension() {
        return model.config().dim();
    }

    public int maxTokens() {
        return maxTokens;
    }

    public float[] embed(String text) {
        return embedAll(List.of(text)).vectors()[0];
    }

    /** All texts in one forward pass, so each weight is read once per batch rather than once per text. */
    public Embedded embedAll(List<String> texts) {
        List<int[]> sequences = new ArrayList<>(texts.size());
        int truncated = tokenize(texts, sequences);
        float[] states = model.transformer().hiddenStates(sequences, layer);
        int dim = dimension();
        float[][] vectors = new float[texts.size()][];
        int row = 0;
        for (int s = 0; s < sequences.size(); s++) {
            int length = sequences.get(s).length;
            vectors[s] = pool(states, row, length, dim);
            row += length;
        }
        return new Embedded(vectors, truncated);
    }

    /** Per text, the chosen block's state at each of its tokens, {@code [tokens, dimension]} row-major. */
    public List<float[]> tokenStates(List<String> texts) {
        List<int[]> sequences = new ArrayList<>(texts.size());
        tokenize(texts, sequences);
        float[] states = model.transformer().hiddenStates(sequences, layer);
        int dim = dimension();
        List<float[]> perText = new ArrayList<>(texts.size());
        int row = 0;
        for (int[] sequence : sequences) {
            perText.add(Arrays.copyOfRange(states, row * dim, (row + sequence.length) * dim));
            row += sequence.length;
        }
        return perText;
    }

    /** The texts' tokens, each cut to {@link #maxTokens()}; returns how many were cut. */
    private int tokenize(List<String> texts, List<int[]> sequences) {
        int truncated = 0;
        for (String text : texts) {
            int[] tokens = model.prompt(text);
            if (tokens.length == 0) {
                throw new IllegalArgumentException("cannot embed empty text");
            }
            if (tokens.length > maxTokens) {
                tokens = Arrays.copyOf(tokens, maxTokens);
                truncated++;
            }
            sequences.add(tokens);
        }
        return truncated;
    }

    private float[] pool(float[] states, int firstRow, int length, int dim) {
        float[] vector = new float[dim];
        int from = pooling == Pooling.LAST ? length - 1 : 0;
        for (int t = from; t < length; t++) {
            int offset = (firstRow + t) * dim;
            for (int j = 0; j < dim; j++) {
                vector[j] += states[offset + j];
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
