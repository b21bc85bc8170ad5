package org.recllm.llm.speculative;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** "Generating" a known text with drafts from a pool: what is counted, and the speed-up a cost table allows. */
class TeacherForcedDraftsTest {
    private static final int MAX = 8;
    private static final int[] STORY = {5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20};

    private static SpeculativeConfig strict() {
        return SpeculativeConfig.of(SpeculativeMode.STRICT);
    }

    private static double[] costs(double perPosition) {
        double[] cost = new double[MAX + 2];
        for (int k = 1; k < cost.length; k++) {
            cost[k] = 1 + perPosition * (k - 1);
        }
        return cost;
    }

    private static RetrievalPool poolHolding(int[] earlier) {
        RetrievalPool pool = new RetrievalPool(PoolSettings.DEFAULT);
        pool.add(earlier);
        return pool;
    }

    /** STORY "generated" with drafts from {@code pool}. */
    private static TeacherForcedDrafts.Tally story(RetrievalPool pool) {
        TeacherForcedDrafts.Tally tally = new TeacherForcedDrafts.Tally(MAX);
        TeacherForcedDrafts.run(STORY, pool, strict(), tally);
        return tally;
    }

    @Test
    void aTextThePoolHoldsIsDraftedAlmostWhole() {
        RetrievalPool pool = poolHolding(STORY);
        TeacherForcedDrafts.Tally tally = story(pool);
        assertEquals(1, tally.texts());
        assertEquals(STORY.length, tally.tokens());
        // The first token is the prompt pass's; the second has only a one-token context (below the 2-token match).
        SpeculationStats stats = tally.stats();
        assertEquals(1.0, stats.acceptance(), "every drafted token is the text's next one");
        assertEquals(STORY.length - 1, stats.accepted() + stats.decodePasses(), "each pass yields its accepted tokens and one more");
        assertEquals(STORY.length - 1, stats.decoded());
        assertTrue(stats.tokensPerPass() > 3, "tokens per pass " + stats.tokensPerPass());
        assertEquals(2, pool.answersHeld(), "the text joins the pool afterwards");
    }

    @Test
    void aTextThePoolNeverSawGetsNoDraftAndOneTokenPerPass() {
        TeacherForcedDrafts.Tally tally = story(poolHolding(new int[] {40, 41, 42, 43}));
        SpeculationStats stats = tally.stats();
        assertEquals(0, stats.drafted());
        assertEquals(1.0, stats.tokensPerPass());
        assertEquals(STORY.length - 1, stats.decodePasses());
        assertEquals(1.0, stats.ceiling(costs(0.5)), 1e-12, "no draft, no cost beyond one position");
    }

    @Test
    void theProjectionWeighsTokensPerPassAgainstThePassesCost() {
        TeacherForcedDrafts.Tally tally = story(poolHolding(STORY));
        SpeculationStats stats = tally.stats();
        assertEquals(stats.tokensPerPass(), stats.ceiling(costs(0)), 1e-12, "free positions: tokens per pass");
        assertEquals(1.0, stats.ceiling(costs(1)), 1e-12, "positions at full price: every draft accepted breaks even");
        TeacherForcedDrafts.Tally sum = new TeacherForcedDrafts.Tally(MAX);
        sum.add(tally);
        sum.add(tally);
        assertEquals(2 * stats.decodePasses(), sum.stats().decodePasses());
        assertEquals(2 * tally.texts(), sum.texts());
        assertEquals(stats.tokensPerPass(), sum.stats().tokensPerPass(), 1e-12);
    }
}
