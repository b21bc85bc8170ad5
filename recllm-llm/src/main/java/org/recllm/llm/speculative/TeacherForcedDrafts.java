package org.recllm.llm.speculative;

/**
 * How well a pool drafts a known text: the text is "generated" token by token as speculative decoding would
 * generate it if the model's output were that text — at each step a draft is retrieved for the text so far and
 * accepted up to its first token that differs from the text (strict verification of a model that writes exactly this
 * text), then the step advances past the accepted tokens and one more (the model's own). Draft lengths follow the
 * generator's {@link DraftPolicy}. The tally counts passes by (drafted, accepted) tokens, from which acceptance and, with an engine's
 * measured cost of a k-position pass, the speed-up a model that writes such texts could reach follow.
 */
public final class TeacherForcedDrafts {
    private TeacherForcedDrafts() {}

    /** Passes counted by drafted and accepted tokens, over texts and their tokens. */
    public static final class Tally {
        private final long[][] passes;
        private long texts;
        private long tokens;
        private long retrievalNanos;

        public Tally(int maxDraft) {
            this.passes = new long[maxDraft + 1][maxDraft + 1];
        }

        void record(int drafted, int accepted) {
            passes[drafted][accepted]++;
        }

        public long texts() {
            return texts;
        }

        public long tokens() {
            return tokens;
        }

        /** Nanoseconds spent drafting and adding texts to the pool. */
        public long retrievalNanos() {
            return retrievalNanos;
        }

        public long passes() {
            return sum((d, a) -> 1);
        }

        public long drafted() {
            return sum((d, a) -> d);
        }

        public long accepted() {
            return sum((d, a) -> a);
        }

        public long draftedPasses() {
            return sum((d, a) -> d > 0 ? 1 : 0);
        }

        /** Accepted share of drafted tokens. */
        public double acceptance() {
            long drafted = drafted();
            return drafted == 0 ? 0 : (double) accepted() / drafted;
        }

        /** Accepted tokens per pass that carried a draft. */
        public double meanAcceptedLength() {
            long passes = draftedPasses();
            return passes == 0 ? 0 : (double) accepted() / passes;
        }

        /** Tokens per decoding pass: accepted drafts plus the model's own token. */
        public double tokensPerPass() {
            long passes = passes();
            return passes == 0 ? 0 : (double) (accepted() + passes) / passes;
        }

        /**
         * The speed-up over one-token decoding of a model whose k-position pass costs {@code cost[k]} one-position passes
         * ({@code cost[1] = 1}): tokens produced over the cost of the passes that produced them, retrieval excluded.
         */
        public double projectedSpeedup(double[] cost) {
            double time = 0;
            long produced = 0;
            for (int d = 0; d < passes.length; d++) {
                for (int a = 0; a <= d; a++) {
                    time += passes[d][a] * cost[d + 1];
                    produced += passes[d][a] * (a + 1L);
                }
            }
            return time == 0 ? 0 : produced / time;
        }

        public void add(Tally other) {
            for (int d = 0; d < passes.length; d++) {
                for (int a = 0; a < passes.length; a++) {
                    passes[d][a] += other.passes[d][a];
                }
            }
            texts += other.texts;
            tokens += other.tokens;
            retrievalNanos += other.retrievalNanos;
        }

        private long sum(PassWeight weight) {
            long total = 0;
            for (int d = 0; d < passes.length; d++) {
                for (int a = 0; a <= d; a++) {
                    total += passes[d][a] * weight.of(d, a);
                }
            }
            return total;
        }

        private interface PassWeight {
            long of(int drafted, int accepted);
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
