package org.recllm.llm.speculative;

/**
 * How well a pool drafts a known text: the text is "generated" token by token as speculative decoding would
 * generate it if the model's output were that text — at each step a draft is retrieved for the text so far and
 * accepted up to its first token that differs from the text (strict verification of a model that writes exactly this
 * text), then the step advances past the accepted tokens and one more (the model's own). Draft lengths follow the
 * generator's {@link DraftPolicy}. From the tally follow acceptance and, with an engine's measured cost of a k-position
 * pass, the speed-up a model that writes such texts could reach.
 */
public final class TeacherForcedDrafts {
    private TeacherForcedDrafts() {}

    /**
     * What "generating" texts took: the passes as {@link SpeculationStats} (whose acceptance, tokens per pass and
     * {@link SpeculationStats#ceiling ceiling} at an engine's pass costs are the figures), over how many texts and
     * tokens.
     */
    public static final class Tally {
        private final long[] passesByDraft;
        private long passes;
        private long draftedPasses;
        private long drafted;
        private long accepted;
        private long decoded;
        private long retrievalNanos;
        private long texts;
        private long tokens;

        public Tally(int maxDraft) {
            this.passesByDraft = new long[maxDraft + 1];
        }

        void record(int draft, int kept) {
            passesByDraft[draft]++;
            passes++;
            draftedPasses += draft > 0 ? 1 : 0;
            drafted += draft;
            accepted += kept;
            decoded += kept + 1;
        }

        public long texts() {
            return texts;
        }

        public long tokens() {
            return tokens;
        }

        /** The passes; retrieval time (drafting and adding texts to pools) stands for the whole time. */
        public SpeculationStats stats() {
            return new SpeculationStats(passes, draftedPasses, drafted, accepted, decoded, retrievalNanos, retrievalNanos,
                    passesByDraft);
        }

        public void add(Tally other) {
            for (int d = 0; d < passesByDraft.length; d++) {
                passesByDraft[d] += other.passesByDraft[d];
            }
            passes += other.passes;
            draftedPasses += other.draftedPasses;
            drafted += other.drafted;
            accepted += other.accepted;
            decoded += other.decoded;
            retrievalNanos += other.retrievalNanos;
            texts += other.texts;
            tokens += other.tokens;
        }
    }

    /**
     * "Generates" {@code text} with drafts from {@code pool} sized by {@code config}'s policy into {@code tally}, then
     * adds the text to the pool (as a finished answer joins its pool). The first token is the prompt pass's and is
     * not counted.
     */
    public static void run(int[] text, RetrievalPool pool, SpeculativeConfig config, Tally tally) {
        int[] draft = new int[config.maxDraft()];
        float[] shares = new float[config.maxDraft()];
        DraftPolicy policy = config.newPolicy();
        long retrieval = 0;
        for (int p = 1; p < text.length; ) {
            // Room for the draft and the model's own token after it, so that every pass counts as accepted + 1 tokens.
            int room = policy.ask(text.length - p - 1);
            int drafted = 0;
            if (room > 0) {
                long start = System.nanoTime();
                drafted = policy.keep(pool.draft(text, p, room, draft, shares), shares);
                retrieval += System.nanoTime() - start;
            }
            int accepted = 0;
            while (accepted < drafted && draft[accepted] == text[p + accepted]) {
                accepted++;
            }
            tally.record(drafted, accepted);
            policy.observe(drafted, accepted);
            p += accepted + 1;
        }
        long start = System.nanoTime();
        pool.add(text);
        tally.retrievalNanos += retrieval + System.nanoTime() - start;
        tally.texts++;
        tally.tokens += text.length;
    }
}
