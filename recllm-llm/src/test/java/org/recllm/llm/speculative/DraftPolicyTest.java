package org.recllm.llm.speculative;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Draft lengths from recent acceptance, and from expected tokens per cost of a pass. */
class DraftPolicyTest {
    private static final int MAX = 8;

    private static float[] shares(float value) {
        float[] shares = new float[MAX];
        Arrays.fill(shares, value);
        return shares;
    }

    /** cost[k] for k = 0 … MAX + 1 (cost[0] unused). */
    private static double[] costs(double... fromOne) {
        double[] cost = new double[MAX + 2];
        System.arraycopy(fromOne, 0, cost, 1, fromOne.length);
        return cost;
    }

    @Test
    void withoutCostsTheLengthFollowsAcceptance() {
        DraftPolicy policy = new DraftPolicy(MAX, null);
        assertEquals(4, policy.ask(100), "half the longest to start");
        assertEquals(2, policy.ask(2), "never past the room left");
        assertEquals(4, policy.keep(4, shares(0.01f)), "shares do not matter without costs");
        policy.observe(4, 4);
        assertEquals(5, policy.ask(100), "one longer after a draft accepted whole");
        policy.observe(5, 1);
        assertEquals(2, policy.ask(100), "one past what was accepted after a rejection");
        policy.observe(0, 0);
        assertEquals(2, policy.ask(100), "a pass without a draft changes nothing");
    }

    @Test
    void aFlatCostKeepsTheWholeDraftAndASteepOneKeepsNoneOfAnUncertainOne() {
        double[] flat = costs(1, 1, 1, 1, 1, 1, 1, 1, 1);
        double[] linear = costs(1, 2, 3, 4, 5, 6, 7, 8, 9);
        double[] nearlyLinear = costs(1, 1.9, 2.8, 3.7, 4.6, 5.5, 6.4, 7.3, 8.2);
        assertEquals(MAX, new DraftPolicy(MAX, flat).ask(100), "with costs the pool is asked for the longest draft");
        assertEquals(6, new DraftPolicy(MAX, flat).keep(6, shares(0.3f)));
        assertEquals(0, new DraftPolicy(MAX, linear).keep(6, shares(0.9f)), "k positions cost k: no draft earns its pass");
        assertEquals(0, new DraftPolicy(MAX, linear).keep(6, shares(1f)), "nor a certain one: it only breaks even");
        assertEquals(6, new DraftPolicy(MAX, nearlyLinear).keep(6, shares(1f)), "a certain draft pays where a position costs less");
    }

    @Test
    void aStepwiseCostKeepsTheDraftUpToTheEndOfItsStep() {
        // Shared-row kernels serve four inputs per pass over the weights: 2 to 4 positions cost alike, 5 to 8 more.
        double[] steps = costs(1, 1.3, 1.3, 1.3, 1.6, 1.6, 1.6, 1.6, 3.9);
        assertEquals(3, new DraftPolicy(MAX, steps).keep(MAX, shares(0.6f)), "2.18 / 1.3 beats 2.46 / 1.6");
        assertEquals(7, new DraftPolicy(MAX, steps).keep(MAX, shares(0.99f)));
        assertEquals(0, new DraftPolicy(MAX, steps).keep(MAX, shares(0.1f)), "1.11 / 1.3 earns less than one position");
    }

    @Test
    void rejectionsTeachItThatThePoolIsOverconfidentAndItRecovers() {
        double[] steps = costs(1, 1.3, 1.3, 1.3, 2.6, 2.6, 2.6, 2.6, 3.9);
        DraftPolicy policy = new DraftPolicy(MAX, steps);
        int kept = policy.keep(MAX, shares(0.8f));
        assertEquals(3, kept);
        for (int pass = 0; pass < 20 && kept > 0; pass++) {
            policy.observe(kept, 0);
            kept = policy.keep(MAX, shares(0.8f));
        }
        assertEquals(0, kept, "drafts the model keeps rejecting stop");
        int passes = 0;
        while (policy.keep(MAX, shares(0.8f)) == 0) {
            passes++;
            assertTrue(passes < 500, "a sequence that stopped drafting tries again");
        }
        assertTrue(passes >= 1, "but not at once");
    }

    @Test
    void costsMustCoverTheLongestDraft() {
        assertThrows(IllegalArgumentException.class, () -> new DraftPolicy(MAX, new double[MAX]));
    }
}
