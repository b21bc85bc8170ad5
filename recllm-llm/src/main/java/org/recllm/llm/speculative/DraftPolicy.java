package org.recllm.llm.speculative;

/**
 * How many drafted tokens one sequence puts into its next pass. Two signals: how the sequence's drafts have fared
 * (a length cap that grows by one after a draft accepted whole and falls to one past what was accepted after a
 * rejection), and — when the engine's cost of a k-position pass is known — expected gain per cost: each drafted
 * token i is accepted with an estimated probability (its share among the pool's continuations of that context,
 * scaled by how the sequence's earlier estimates compared with what was accepted), and the draft is cut to the
 * length j that maximises (1 + Σ_{i≤j} P(first i accepted)) / cost[j + 1], which may be 0: no draft where a pass
 * with one costs more than its expected tokens earn. One policy per sequence; not thread-safe.
 */
public final class DraftPolicy {
    /** Weight of the newest pass in the running calibration of estimated against accepted tokens. */
    private static final double CALIBRATION_RATE = 0.2;
    /** How fast the calibration returns towards 1 with each retrieved draft. */
    private static final double RECOVERY_RATE = 0.005;

    private final int maxDraft;
    private final double[] cost;
    private int cap;
    private double calibration = 1;
    private double predicted;

    /** {@code cost[k]}: a k-position pass relative to one position, k = 1 … maxDraft + 1; null when unknown. */
    public DraftPolicy(int maxDraft, double[] cost) {
        if (cost != null && cost.length < maxDraft + 2) {
            throw new IllegalArgumentException("pass costs must cover 1 to " + (maxDraft + 1) + " positions, got "
                    + (cost.length - 1));
        }
        this.maxDraft = maxDraft;
        this.cost = cost;
        this.cap = Math.max(1, maxDraft / 2);
    }

    /** How many tokens to ask the pool for, at most {@code room}. */
    public int ask(int room) {
        return Math.min(cost == null ? cap : maxDraft, room);
    }

    /**
     * Of a retrieved draft of {@code drafted} tokens whose continuation shares are {@code shares[0, drafted)}, how
     * many to verify.
     */
    public int keep(int drafted, float[] shares) {
        predicted = 0;
        if (cost == null || drafted == 0) {
            return drafted;
        }
        // A sequence that stopped drafting would never learn that drafts pay again: the estimate drifts back.
        calibration += RECOVERY_RATE * (1 - calibration);
        double allAccepted = 1;
        double expected = 1;
        double best = 1 / cost[1];
        int keep = 0;
        double predictedAtKeep = 0;
        for (int j = 1; j <= drafted; j++) {
            allAccepted *= Math.min(1, calibration * shares[j - 1]);
            expected += allAccepted;
            if (expected / cost[j + 1] > best) {
                best = expected / cost[j + 1];
                keep = j;
                predictedAtKeep = expected - 1;
            }
        }
        predicted = predictedAtKeep;
        return keep;
    }

    /** After a pass that verified {@code drafted} tokens and kept {@code accepted} of them. */
    public void observe(int drafted, int accepted) {
        if (drafted == 0) {
            return;
        }
        cap = accepted == drafted ? Math.min(maxDraft, cap + 1) : Math.max(1, accepted + 1);
        if (cost != null) {
            // The estimates already carry the calibration, so the ratio corrects it; half a token of smoothing keeps
            // one pass from swinging it to either end.
            double ratio = (accepted + 0.5) / (predicted + 0.5);
            calibration = Math.clamp(calibration * (1 + CALIBRATION_RATE * (ratio - 1)), 0.05, 20);
        }
    }
}
