package org.recllm.llm.generate;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.function.IntPredicate;
import org.recllm.llm.model.KvCache;
import org.recllm.llm.model.Logits;
import org.recllm.llm.model.SequenceStep;
import org.recllm.llm.model.Transformer;
import org.recllm.llm.sampling.Sampler;
import org.recllm.llm.sampling.SamplerConfig;
import org.recllm.llm.speculative.DraftPolicy;
import org.recllm.llm.speculative.RelaxedCheck;
import org.recllm.llm.speculative.RetrievalPool;
import org.recllm.llm.speculative.SpeculationStats;
import org.recllm.llm.speculative.SpeculativeConfig;
import org.recllm.llm.speculative.SpeculativeMode;

/**
 * Continuous batching: up to {@code maxConcurrent} sequences share every forward pass — each contributes its whole
 * prompt when it joins and its last token after that — and a finished sequence's place goes to the next request at
 * once, so the weights read per pass serve as many sequences as possible.
 *
 * <p>With speculation on, a decoding sequence whose request has a {@link RetrievalPool} also brings a draft retrieved
 * from it; the pass returns logits at each drafted position, the draft is verified against them (see
 * {@link SpeculativeMode}), the accepted prefix and one token of the model's own are kept, and the KV cache is cut
 * back past the first rejected token. A finished answer joins its pool, so later requests of the group draft from
 * it. Each sequence's draft length is its {@link DraftPolicy}'s choice.
 */
public final class BatchGenerator {
    private final Transformer model;
    private final SpeculativeConfig speculation;
    private volatile SpeculationStats stats = SpeculationStats.NONE;
    /** The tallies of the run going on, for a server's live figures; null between runs. */
    private volatile Counters live;
    private volatile long liveStarted;

    public BatchGenerator(Transformer model) {
        this(model, SpeculativeConfig.off());
    }

    public BatchGenerator(Transformer model, SpeculativeConfig speculation) {
        this.model = model;
        this.speculation = speculation;
    }

    /**
     * One prompt to continue: at most {@code maxNew} tokens (fewer when the model's context fills first), stopping at a
     * token {@code isEnd} accepts; drafts come from {@code pool} (none when null), and every new token goes to
     * {@code onToken} as it is decided.
     */
    public record Request(int[] prompt, int maxNew, SamplerConfig sampling, IntPredicate isEnd, RetrievalPool pool,
                          IntConsumer onToken) {
        public Request(int[] prompt, int maxNew, SamplerConfig sampling, IntPredicate isEnd) {
            this(prompt, maxNew, sampling, isEnd, null, token -> { });
        }

        public Request(int[] prompt, int maxNew, SamplerConfig sampling, IntPredicate isEnd, RetrievalPool pool) {
            this(prompt, maxNew, sampling, isEnd, pool, token -> { });
        }
    }

    /**
     * What request {@code index} produced, why it stopped, the time from joining the batch to finishing (its latency),
     * and the forward passes it took part in after its prompt's.
     */
    public record Completion(int index, int[] tokens, StopReason stop, long nanos, int decodePasses) {}

    /** Speculation counters of the last {@link #generate} call. */
    public SpeculationStats stats() {
        Counters running = live;
        return running == null ? stats : running.snapshot(liveStarted);
    }

    private final class Active {
        final int index;
        final Request request;
        final KvCache cache;
        final Sampler sampler;
        final int[] history;
        final long joinedNanos = System.nanoTime();
        final int limit;
        final RetrievalPool pool;
        int length;
        int produced;
        int decodePasses;
        boolean prefilled;
        /** Whether this pass brought the prompt. */
        boolean promptPass;
        final DraftPolicy policy = speculation.newPolicy();
        final int[] draft;
        final float[] shares;
        int drafted;
        /** Per draft length d, the d + 1 tokens of a decode step and the step itself: reused, not allocated per pass. */
        final int[][] stepTokens;
        final SequenceStep[] steps;

        Active(int index, Request request) {
            this.index = index;
            this.request = request;
            this.limit = Generator.newTokenLimit(model, request.prompt(), request.maxNew());
            this.cache = model.newCache(request.prompt().length + limit);
            this.sampler = new Sampler(request.sampling());
            this.history = Arrays.copyOf(request.prompt(), request.prompt().length + limit);
            this.length = request.prompt().length;
            this.pool = speculation.enabled() ? request.pool() : null;
            int maxDraft = pool == null ? 0 : speculation.maxDraft();
            this.draft = new int[maxDraft];
            this.shares = new float[maxDraft];
            this.stepTokens = new int[maxDraft + 1][];
            this.steps = new SequenceStep[maxDraft + 1];
            for (int d = 0; d <= maxDraft; d++) {
                stepTokens[d] = new int[d + 1];
                steps[d] = new SequenceStep(cache, stepTokens[d], d + 1);
            }
        }

        /** This pass's step: the prompt when joining; else the last token and any draft. */
        SequenceStep step(Counters counters) {
            drafted = 0;
            promptPass = !prefilled;
            if (promptPass) {
                prefilled = true;
                return new SequenceStep(cache, request.prompt());
            }
            // Every drafted token may be kept: the cache has room for the last token plus as many as are still allowed.
            int room = pool == null ? 0 : policy.ask(limit - produced);
            if (room > 0) {
                long start = System.nanoTime();
                drafted = policy.keep(pool.draft(history, length, room, draft, shares), shares);
                counters.retrievalNanos += System.nanoTime() - start;
            }
            int[] tokens = stepTokens[drafted];
            tokens[0] = history[length - 1];
            System.arraycopy(draft, 0, tokens, 1, drafted);
            return steps[drafted];
        }

        Completion completion(StopReason stop) {
            return new Completion(index, Arrays.copyOfRange(history, request.prompt().length, length), stop,
                    System.nanoTime() - joinedNanos, decodePasses);
        }
    }

    /** Mutable tallies of one {@link #generate} call. */
    private final class Counters {
        final long[] passesByDraft = new long[speculation.maxDraft() + 1];
        long decodePasses;
        long draftedPasses;
        long drafted;
        long accepted;
        long decoded;
        long retrievalNanos;

        /** The tallies so far (read from another thread while a run goes on, they are approximate). */
        SpeculationStats snapshot(long started) {
            return new SpeculationStats(decodePasses, draftedPasses, drafted, accepted, decoded, retrievalNanos,
                    System.nanoTime() - started, passesByDraft.clone());
        }
    }

    /**
     * Where the requests of a running batch come from: a fixed list, or a queue that a server fills while the batch
     * runs. Called between passes, on the generating thread.
     */
    public interface RequestSource {
        /**
         * The next request to admit and the index its completion will carry, or null when none is waiting; with
         * {@code wait} (nothing is running) it blocks until one arrives, and null then means the source has ended.
         */
        Numbered next(boolean wait) throws InterruptedException;

        /** Whether request {@code index} should stop now (its client went away, a stop sequence was seen). */
        default boolean cancelled(int index) {
            return false;
        }

        /**
         * Request {@code index} could not join the batch (its cache does not fit, say): a server fails that request
         * alone; by default the whole run fails.
         */
        default void refused(int index, RuntimeException problem) {
            throw problem;
        }

        /** Called before every pass, on the generating thread: other work on the model fits here. */
        default void betweenPasses() {}
    }

    /** A request with the index its completion carries. */
    public record Numbered(int index, Request request) {}

    /** Runs every request; completions reach {@code onDone} as they finish and are returned in request order. */
    public List<Completion> generate(List<Request> requests, int maxConcurrent, Consumer<Completion> onDone) {
        Completion[] done = new Completion[requests.size()];
        Deque<Integer> pending = new ArrayDeque<>();
        for (int i = 0; i < requests.size(); i++) {
            pending.add(i);
        }
        try {
            run(wait -> {
                Integer index = pending.poll();
                return index == null ? null : new Numbered(index, requests.get(index));
            }, maxConcurrent, completion -> {
                done[completion.index()] = completion;
                onDone.accept(completion);
            });
        } catch (InterruptedException e) {
            // A list source never waits.
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while generating", e);
        }
        return List.of(done);
    }

    /**
     * Continuous batching over {@code source} until it ends: requests join as places free up, a cancelled one leaves
     * at the next pass with {@link StopReason#CANCELLED}; completions reach {@code onDone} as they finish.
     */
    public void run(RequestSource source, int maxConcurrent, Consumer<Completion> onDone) throws InterruptedException {
        if (maxConcurrent < 1) {
            throw new IllegalArgumentException("at least one sequence must run at a time, got " + maxConcurrent);
        }
        long started = System.nanoTime();
        Counters counters = new Counters();
        liveStarted = started;
        live = counters;
        List<Active> active = new ArrayList<>();
        List<SequenceStep> steps = new ArrayList<>();
        List<Active> finished = new ArrayList<>();
        try {
            while (true) {
                source.betweenPasses();
                finished.clear();
                for (Active sequence : active) {
                    if (source.cancelled(sequence.index)) {
                        onDone.accept(sequence.completion(StopReason.CANCELLED));
                        finished.add(sequence);
                    }
                }
                active.removeAll(finished);
                while (active.size() < maxConcurrent) {
                    Numbered next = source.next(active.isEmpty());
                    if (next == null) {
                        break;
                    }
                    try {
                        active.add(new Active(next.index(), next.request()));
                    } catch (RuntimeException e) {
                        source.refused(next.index(), e);
                    }
                }
                if (active.isEmpty()) {
                    // Asked to wait with nothing running, the source had nothing more: it has ended.
                    return;
                }
                steps.clear();
                for (Active sequence : active) {
                    steps.add(sequence.step(counters));
                }
                Logits logits = model.prefill(steps);
                finished.clear();
                int row = 0;
                for (Active sequence : active) {
                    StopReason stop = advance(sequence, logits, row, counters);
                    row += sequence.drafted + 1;
                    if (stop != null) {
                        Completion completion = sequence.completion(stop);
                        if (sequence.pool != null) {
                            long start = System.nanoTime();
                            sequence.pool.add(completion.tokens());
                            counters.retrievalNanos += System.nanoTime() - start;
                        }
                        onDone.accept(completion);
                        finished.add(sequence);
                    }
                }
                active.removeAll(finished);
            }
        } finally {
            stats = counters.snapshot(started);
            live = null;
        }
    }

    /**
     * Verifies the sequence's draft against its logits rows from {@code row} on and appends what stays plus the
     * model's own next token; returns why the sequence stopped, or null while it goes on.
     */
    private StopReason advance(Active s, Logits logits, int row, Counters counters) {
        boolean decoding = !s.promptPass;
        if (decoding) {
            s.decodePasses++;
            counters.decodePasses++;
            counters.passesByDraft[s.drafted]++;
        }
        if (s.drafted > 0) {
            counters.draftedPasses++;
            counters.drafted += s.drafted;
        }
        int accepted = 0;
        for (int i = 0; i <= s.drafted; i++) {
            float[] data = logits.data();
            int offset = logits.offset(row + i);
            int vocabulary = logits.vocabulary();
            int next;
            boolean keepGoing = false;
            if (i < s.drafted) {
                int proposed = s.draft[i];
                next = verify(s, data, offset, vocabulary, proposed);
                keepGoing = next == proposed;
                if (keepGoing) {
                    accepted++;
                }
            } else {
                next = s.sampler.sample(data, offset, vocabulary, s.history, s.length);
            }
            if (s.request.isEnd().test(next)) {
                recordVerification(s, accepted, counters);
                return StopReason.END_OF_GENERATION;
            }
            s.history[s.length++] = next;
            s.produced++;
            if (decoding) {
                counters.decoded++;
            }
            s.request.onToken().accept(next);
            if (s.produced == s.limit) {
                recordVerification(s, accepted, counters);
                return StopReason.atLimit(s.limit, s.request.maxNew());
            }
            if (!keepGoing) {
                break;
            }
        }
        recordVerification(s, accepted, counters);
        // The cache holds every token but the newest, which the next pass brings.
        s.cache.truncate(s.length - 1);
        return null;
    }

    /** Counts the pass's accepted draft tokens and tells the sequence's draft policy how its draft fared. */
    private void recordVerification(Active s, int accepted, Counters counters) {
        counters.accepted += accepted;
        s.policy.observe(s.drafted, accepted);
    }

    /** The token kept at a drafted position: the draft when the check passes, otherwise the model's own choice. */
    private int verify(Active s, float[] logits, int offset, int vocabulary, int proposed) {
        if (!s.request.sampling().isGreedy() && speculation.mode() == SpeculativeMode.STRICT) {
            return s.sampler.acceptsDraft(logits, offset, vocabulary, s.history, s.length, proposed) ? proposed
                    : s.sampler.sampleExcluding(logits, offset, vocabulary, s.history, s.length, proposed);
        }
        if (speculation.mode() == SpeculativeMode.RELAXED) {
            float[] scores = s.sampler.penalised(logits, offset, vocabulary, s.history, s.length);
            if (RelaxedCheck.accepts(scores, 0, vocabulary, proposed, speculation.topK(), speculation.threshold())) {
                return proposed;
            }
        }
        return s.sampler.sample(logits, offset, vocabulary, s.history, s.length);
    }
}
