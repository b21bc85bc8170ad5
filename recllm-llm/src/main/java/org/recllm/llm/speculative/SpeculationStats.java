package org.recllm.llm.speculative;

/**
 * What speculation did over a generation: forward passes that decoded (prompt passes excluded), the draft tokens
 * proposed and accepted in them, the tokens those passes produced (an answer's first token comes from its prompt's
 * pass and is not counted), and the time spent retrieving drafts and adding answers to pools
 * against the whole generation's time.
 */
public record SpeculationStats(long decodePasses, long draftedPasses, long drafted, long accepted, long decoded,
                               long retrievalNanos, long totalNanos, long[] passesByDraft) {

    public static final SpeculationStats NONE = new SpeculationStats(0, 0, 0, 0, 0, 0, 0, new long[1]);

    /** {@code passesByDraft[d]}: decoding passes that carried a draft of d tokens (d = 0: none). */
    public SpeculationStats {
        passesByDraft = passesByDraft.clone();
    }

    /**
     * The speed-up over one-token decoding these passes allow on an engine whose pass over k positions costs
     * {@code cost[k]} one-position passes: tokens decoded over the cost of the passes that decoded them (retrieval,
     * prompts and sampling left out). A ceiling for the measured speed-up.
     */
    public double ceiling(double[] cost) {
        double time = 0;
        for (int d = 0; d < passesByDraft.length; d++) {
            time += passesByDraft[d] * cost[d + 1];
        }
        return time == 0 ? 0 : decoded / time;
    }

    /** Accepted share of the drafted tokens. */
    public double acceptance() {
        return drafted == 0 ? 0 : (double) accepted / drafted;
    }

    /** Draft tokens accepted per pass that carried a draft. */
    public double meanAcceptedLength() {
        return draftedPasses == 0 ? 0 : (double) accepted / draftedPasses;
    }

    /** Tokens produced per decoding pass (1 without speculation). */
    public double tokensPerPass() {
        return decodePasses == 0 ? 0 : (double) decoded / decodePasses;
    }

    /** Share of the generation's time spent on retrieval. */
    public double retrievalShare() {
        return totalNanos == 0 ? 0 : (double) retrievalNanos / totalNanos;
    }

    public SpeculationStats plus(SpeculationStats other) {
        long[] byDraft = new long[Math.max(passesByDraft.length, other.passesByDraft.length)];
        for (int d = 0; d < byDraft.length; d++) {
            byDraft[d] = (d < passesByDraft.length ? passesByDraft[d] : 0)
                    + (d < other.passesByDraft.length ? other.passesByDraft[d] : 0);
        }
        return new SpeculationStats(decodePasses + other.decodePasses, draftedPasses + other.draftedPasses,
                drafted + other.drafted, accepted + other.accepted, decoded + other.decoded,
                retrievalNanos + other.retrievalNanos, totalNanos + other.totalNanos, byDraft);
    }
}
