package org.recllm.llm.generate;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.IntPredicate;
import org.recllm.llm.model.KvCache;
import org.recllm.llm.model.Logits;
import org.recllm.llm.model.SequenceStep;
import org.recllm.llm.model.Transformer;
import org.recllm.llm.sampling.Sampler;
import org.recllm.llm.sampling.SamplerConfig;

/**
 * Continuous batching: up to {@code maxConcurrent} sequences share every forward pass — each contributes its whole
 * prompt when it joins and one token per pass after that — and a finished sequence's place goes to the next request
 * at once, so the weights read per pass serve as many sequences as possible.
 */
public final class BatchGenerator {
    private final Transformer model;

    public BatchGenerator(Transformer model) {
        this.model = model;
    }

    /**
     * One prompt to continue: at most {@code maxNew} tokens (fewer when the model's context fills first), stopping at a
     * token {@code isEnd} accepts.
     */
    public record Request(int[] prompt, int maxNew, SamplerConfig sampling, IntPredicate isEnd) {}

    /** What request {@code index} produced, why it stopped, and the time from joining the batch to finishing (its latency). */
    public record Completion(int index, int[] tokens, StopReason stop, long nanos) {}

    private static final class Active {
        final int index;
        final Request request;
        final KvCache cache;
        final Sampler sampler;
        final int[] history;
        final long joinedNanos = System.nanoTime();
        final int limit;
        int length;
        int produced;
        /** The last token, which the next pass appends: the decode step reuses this array rather than allocating. */
        final int[] last = new int[1];
        final SequenceStep decodeStep;
        boolean prefilled;

        Active(int index, Request request, Transformer model) {
            this.index = index;
            this.request = request;
            this.limit = Generator.newTokenLimit(model, request.prompt(), request.maxNew());
            this.cache = model.newCache(request.prompt().length + limit);
            this.sampler = new Sampler(request.sampling());
            this.history = Arrays.copyOf(request.prompt(), request.prompt().length + limit);
            this.length = request.prompt().length;
            this.decodeStep = new SequenceStep(cache, last);
        }

        Completion completion(StopReason stop) {
            return new Completion(index, Arrays.copyOfRange(history, request.prompt().length, length), stop,
                    System.nanoTime() - joinedNanos);
        }
    }

    /** Runs every request; completions reach {@code onDone} as they finish and are returned in request order. */
    public List<Completion> generate(List<Request> requests, int maxConcurrent, Consumer<Completion> onDone) {
        if (maxConcurrent < 1) {
            throw new IllegalArgumentException("at least one sequence must run at a time, got " + maxConcurrent);
        }
        Completion[] done = new Completion[requests.size()];
        Deque<Integer> pending = new ArrayDeque<>();
        for (int i = 0; i < requests.size(); i++) {
            pending.add(i);
        }
        List<Active> active = new ArrayList<>();
        List<SequenceStep> steps = new ArrayList<>();
        List<Active> finished = new ArrayList<>();
        while (!pending.isEmpty() || !active.isEmpty()) {
            while (active.size() < maxConcurrent && !pending.isEmpty()) {
                int index = pending.poll();
                Request request = requests.get(index);
                active.add(new Active(index, request, model));
            }
            steps.clear();
            for (Active sequence : active) {
                sequence.last[0] = sequence.history[sequence.length - 1];
                steps.add(sequence.prefilled ? sequence.decodeStep : new SequenceStep(sequence.cache, sequence.request.prompt()));
                sequence.prefilled = true;
            }
            Logits logits = model.prefill(steps);
            finished.clear();
            for (int row = 0; row < active.size(); row++) {
                Active sequence = active.get(row);
                int next = sequence.sampler.sample(logits.data(), logits.offset(row), logits.vocabulary(), sequence.history,
                        sequence.length);
                boolean ended = sequence.request.isEnd().test(next);
                if (!ended) {
                    sequence.history[sequence.length++] = next;
                    sequence.produced++;
                }
                if (ended || sequence.produced == sequence.limit) {
                    Completion completion = sequence.completion(ended ? StopReason.END_OF_GENERATION
                            : StopReason.atLimit(sequence.limit, sequence.request.maxNew()));
                    done[sequence.index] = completion;
                    onDone.accept(completion);
                    finished.add(sequence);
                }
            }
            active.removeAll(finished);
        }
        return List.of(done);
    }
}
