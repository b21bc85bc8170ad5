package org.recllm.llm.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.recllm.core.testing.SharedData;
import org.recllm.llm.LanguageModel;

/** Hidden-state text vectors from the real stories260K: batching, pooling, layers and truncation. */
class TextEmbedderTest {
    private static final List<String> TEXTS = List.of("Once upon a time", "The cat sat on the mat and looked at the sun.",
            "Lily had a big red ball", "Tom was sad");
    private static LanguageModel llm;

    @BeforeAll
    static void load() {
        llm = LanguageModel.open(SharedData.require("models/stories260K.gguf"));
    }

    @AfterAll
    static void close() {
        llm.close();
    }

    @Test
    void aBatchGivesTheSameVectorsAsOneTextAtATime() {
        int layers = llm.config().layers();
        for (int layer : new int[] {1, layers}) {
            for (TextEmbedder.Pooling pooling : TextEmbedder.Pooling.values()) {
                TextEmbedder embedder = new TextEmbedder(llm, layer, pooling);
                TextEmbedder.Embedded batch = embedder.embedAll(TEXTS);
                assertEquals(0, batch.truncated());
                for (int i = 0; i < TEXTS.size(); i++) {
                    float[] single = embedder.embed(TEXTS.get(i));
                    assertEquals(llm.config().dim(), single.length);
                    assertEquals(1.0, norm(single), 1e-5);
                    for (int j = 0; j < single.length; j++) {
                        assertEquals(single[j], batch.vectors()[i][j], 2e-5, "text " + i + " dim " + j);
                    }
                }
            }
        }
    }

    @Test
    void tokenStatesAreWhatMeanPoolingAverages() {
        TextEmbedder embedder = new TextEmbedder(llm, llm.config().layers(), TextEmbedder.Pooling.MEAN);
        List<float[]> states = embedder.tokenStates(TEXTS);
        int dim = llm.config().dim();
        for (int i = 0; i < TEXTS.size(); i++) {
            int tokens = llm.prompt(TEXTS.get(i)).length;
            assertEquals(tokens * dim, states.get(i).length, "one state per token of text " + i);
            float[] mean = new float[dim];
            for (int t = 0; t < tokens; t++) {
                for (int j = 0; j < dim; j++) {
                    mean[j] += states.get(i)[t * dim + j];
                }
            }
            double norm = norm(mean);
            float[] pooled = embedder.embed(TEXTS.get(i));
            for (int j = 0; j < dim; j++) {
                assertEquals(mean[j] / norm, pooled[j], 2e-5, "text " + i + " dim " + j);
            }
        }
    }

    @Test
    void lastTokenPoolingOfTheFinalLayerIsTheNormalisedFinalState() {
        int[] tokens = llm.prompt(TEXTS.get(1));
        Transformer transformer = llm.transformer();
        int dim = llm.config().dim();
        float[] states = transformer.hiddenStates(tokens, llm.config().layers());
        float[] last = java.util.Arrays.copyOfRange(states, (tokens.length - 1) * dim, tokens.length * dim);
        double norm = norm(last);
        float[] vector = new TextEmbedder(llm, llm.config().layers(), TextEmbedder.Pooling.LAST).embed(TEXTS.get(1));
        for (int j = 0; j < dim; j++) {
            assertEquals(last[j] / norm, vector[j], 1e-5);
        }
    }

    @Test
    void differentTextsAndLayersGiveDifferentVectors() {
        TextEmbedder last = new TextEmbedder(llm, llm.config().layers(), TextEmbedder.Pooling.MEAN);
        TextEmbedder first = new TextEmbedder(llm, 1, TextEmbedder.Pooling.MEAN);
        float[] a = last.embed(TEXTS.get(0));
        assertTrue(dot(a, last.embed(TEXTS.get(3))) < 0.999, "two texts, one vector");
        assertTrue(dot(a, first.embed(TEXTS.get(0))) < 0.999, "two layers, one vector");
    }

    @Test
    void longTextsKeepTheirFirstTokensAndAreCounted() {
        TextEmbedder capped = new TextEmbedder(llm, 2, TextEmbedder.Pooling.MEAN, 4);
        int[] tokens = llm.prompt(TEXTS.get(1));
        assertTrue(tokens.length > 4);
        TextEmbedder.Embedded batch = capped.embedAll(List.of(TEXTS.get(1), "Tom"));
        assertEquals(1, batch.truncated());
        Transformer transformer = llm.transformer();
        int dim = llm.config().dim();
        int[] head = java.util.Arrays.copyOf(tokens, 4);
        float[] states = transformer.hiddenStates(head, 2);
        float[] mean = new float[dim];
        for (int t = 0; t < 4; t++) {
            for (int j = 0; j < dim; j++) {
                mean[j] += states[t * dim + j];
            }
        }
        double norm = norm(mean);
        for (int j = 0; j < dim; j++) {
            assertEquals(mean[j] / norm, batch.vectors()[0][j], 1e-5);
        }
        assertThrows(IllegalArgumentException.class, () -> new TextEmbedder(llm, 2, TextEmbedder.Pooling.MEAN, 0));
        assertThrows(IllegalArgumentException.class, () -> new TextEmbedder(llm, llm.config().layers() + 1, TextEmbedder.Pooling.MEAN));
    }

    private static double norm(float[] v) {
        return Math.sqrt(dot(v, v));
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (double) a[i] * b[i];
        }
        return sum;
    }
}
