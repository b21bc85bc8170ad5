package org.recllm.rank.retrieval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.recllm.core.linalg.Pca;
import org.recllm.core.progress.Progress;
import org.recllm.knowledge.encoder.MeanPooling;
import org.recllm.knowledge.encoder.SentenceEncoder;

/**
 * One unit vector per item id of a vocabulary, for semantic behaviour retrieval: the item's text through an encoder
 * (a sentence encoder, or an LLM's pooled hidden states as ReLLa does), reduced by PCA to {@code dims} dimensions
 * (fitted on the items themselves) and scaled to unit length, so a dot product is a cosine. Ids without a text keep a
 * zero vector and are never retrieved.
 *
 * @param vectors  [ids, dims] row-major
 * @param retained the share of the variance the PCA kept (1 without reduction)
 */
public record ItemVectors(int ids, int dims, float[] vectors, String encoder, int encoderDim, double retained) {
    private static final int BATCH = 32;

    /**
     * @param texts per vocabulary id its text, or null for none (padding, OOV, items without a description)
     * @param dims  the dimension after PCA; at least the encoder's dimension means no reduction
     */
    public static ItemVectors encode(List<String> texts, SentenceEncoder encoder, int dims, long seed) {
        List<Integer> known = new ArrayList<>();
        List<String> knownTexts = new ArrayList<>();
        for (int id = 0; id < texts.size(); id++) {
            if (texts.get(id) != null) {
                known.add(id);
                knownTexts.add(texts.get(id));
            }
        }
        if (known.size() < 2) {
            throw new IllegalArgumentException("semantic retrieval needs texts for at least 2 items, got " + known.size());
        }
        int width = encoder.dimension();
        float[] raw = new float[known.size() * width];
        try (Progress progress = Progress.start("encoding " + known.size() + " item texts with " + encoder.id(), "items",
                known.size())) {
            for (int from = 0; from < known.size(); from += BATCH) {
                List<String> batch = knownTexts.subList(from, Math.min(known.size(), from + BATCH));
                float[][] encoded = encoder.encode(batch).vectors();
                for (int i = 0; i < encoded.length; i++) {
                    System.arraycopy(encoded[i], 0, raw, (from + i) * width, width);
                }
                progress.advance(batch.size());
            }
        }
        int kept = Math.min(dims, Math.min(width, known.size()));
        float[] reduced = raw;
        double retained = 1;
        if (kept < width) {
            Pca pca = Pca.fit(raw, known.size(), width, kept, seed);
            reduced = pca.project(raw, known.size());
            retained = pca.explainedShare();
        }
        float[] vectors = new float[texts.size() * kept];
        for (int k = 0; k < known.size(); k++) {
            System.arraycopy(reduced, k * kept, vectors, known.get(k) * kept, kept);
            MeanPooling.unit(vectors, known.get(k) * kept, kept);
        }
        return new ItemVectors(texts.size(), kept, vectors, encoder.id(), width, retained);
    }

    public float cosine(int a, int b) {
        float dot = 0;
        for (int d = 0; d < dims; d++) {
            dot += vectors[a * dims + d] * vectors[b * dims + d];
        }
        return dot;
    }

    public String describe() {
        return String.format(Locale.ROOT, "%s (%d dims) → PCA %d dims, %.1f%% of the variance", encoder, encoderDim, dims,
                100 * retained);
    }
}
