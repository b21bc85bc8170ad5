package org.recllm.llm.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Sampling: greedy, truncations, temperature, the repetition penalty and seeded reproducibility. */
class SamplerTest {
    private static final float[] LOGITS = {1.0f, 3.0f, 2.0f, 0.5f, 3.0f, -1f};

    private static int draw(SamplerConfig config) {
        return new Sampler(config).sample(LOGITS, 0, LOGITS.length, null, 0);
    }

    @Test
    void greedyTakesTheLargestAndTheLowerIdOnTies() {
        assertEquals(1, draw(SamplerConfig.greedy()));
        assertEquals(1, draw(new SamplerConfig(1f, 1, 1f, 0f, 1f, 0, 9)), "top-1 sampling is greedy");
    }

    @Test
    void drawsFollowTheTemperedSoftmax() {
        Sampler sampler = new Sampler(new SamplerConfig(0.7f, 0, 1f, 0f, 1f, 0, 42));
        int[] counts = new int[LOGITS.length];
        int draws = 200_000;
        for (int i = 0; i < draws; i++) {
            counts[sampler.sample(LOGITS, 0, LOGITS.length, null, 0)]++;
        }
        double sum = 0;
        for (float logit : LOGITS) {
            sum += Math.exp(logit / 0.7);
        }
        for (int i = 0; i < LOGITS.length; i++) {
            double expected = Math.exp(LOGITS[i] / 0.7) / sum;
            assertEquals(expected, counts[i] / (double) draws, 0.005, "token " + i);
        }
    }

    @Test
    void topKTopPAndMinPKeepOnlyTheirCandidates() {
        Sampler topK = new Sampler(new SamplerConfig(5f, 3, 1f, 0f, 1f, 0, 1));
        Sampler topP = new Sampler(new SamplerConfig(5f, 0, 0.5f, 0f, 1f, 0, 2));
        Sampler minP = new Sampler(new SamplerConfig(5f, 0, 1f, 0.3f, 1f, 0, 3));
        for (int i = 0; i < 2000; i++) {
            int k = topK.sample(LOGITS, 0, LOGITS.length, null, 0);
            assertTrue(k == 1 || k == 4 || k == 2, "top-3 are tokens 1, 4, 2; got " + k);
            // Probabilities at T = 1: tokens 1 and 4 hold 0.37 each, so the 0.5 nucleus is {1, 4}.
            int p = topP.sample(LOGITS, 0, LOGITS.length, null, 0);
            assertTrue(p == 1 || p == 4, "nucleus is {1, 4}; got " + p);
            // min-p 0.3 keeps tokens with p ≥ 0.3·p_max: e^(2-3) = 0.37 ≥ 0.3, e^(1-3) = 0.14 < 0.3.
            int m = minP.sample(LOGITS, 0, LOGITS.length, null, 0);
            assertTrue(m == 1 || m == 4 || m == 2, "min-p keeps {1, 4, 2}; got " + m);
        }
    }

    @Test
    void repetitionPenaltyDemotesRecentTokensOnce() {
        Sampler penalised = new Sampler(new SamplerConfig(0f, 0, 1f, 0f, 4f, 8, 0));
        // Token 1 repeated three times is penalised once: 3 / 4 = 0.75 < 3 (token 4) stays the winner either way,
        // so penalise token 4 too: the best unpenalised token is then 2 (logit 2).
        assertEquals(2, penalised.sample(LOGITS, 0, LOGITS.length, new int[] {1, 1, 1, 4}, 4));
        assertEquals(4, penalised.sample(LOGITS, 0, LOGITS.length, new int[] {1, 1, 1, 4}, 3), "only the window counts");
    }

    @Test
    void theSameSeedGivesTheSameSequence() {
        SamplerConfig config = SamplerConfig.defaults(123);
        Sampler a = new Sampler(config);
        Sampler b = new Sampler(config);
        StringBuilder first = new StringBuilder();
        StringBuilder second = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            first.append(a.sample(LOGITS, 0, LOGITS.length, null, 0));
            second.append(b.sample(LOGITS, 0, LOGITS.length, null, 0));
        }
        assertEquals(first.toString(), second.toString());
        assertNotEquals(first.toString(), "1".repeat(100), "not greedy");
    }

    @Test
    void invalidSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new SamplerConfig(-1f, 0, 1f, 0f, 1f, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new SamplerConfig(1f, 0, 0f, 0f, 1f, 0, 0));
    }
}
