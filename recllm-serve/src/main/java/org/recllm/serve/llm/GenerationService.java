package org.recllm.serve.llm;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.recllm.llm.LanguageModel;
import org.recllm.llm.generate.BatchGenerator;
import org.recllm.llm.sampling.SamplerConfig;

/**
 * The engine behind the LLM server: one generating thread runs continuous batching over the requests that arrive
 * (up to {@code maxConcurrent} sequences share each forward pass; the next waiting request takes a place as soon as
 * one frees), at most {@code maxQueued} wait for a place, and other work on the model (embeddings) runs on the same
 * thread between passes, so nothing touches the model concurrently.
 */
public final class GenerationService implements AutoCloseable {
    /** The queue is full: the server answers 429. */
    public static final class Busy extends Exception {
        Busy(String message) {
            super(message);
        }
    }

    private static final Object CLOSE = new Object();

    private final LanguageModel model;
    private final int maxConcurrent;
    private final int maxQueued;
    private final Set<Integer> endTokens;
    private final LinkedBlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
    private final Map<Integer, Generation> live = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicInteger running = new AtomicInteger();
    private final Thread loop;
    private volatile boolean closed;

    public GenerationService(LanguageModel model, int maxConcurrent, int maxQueued) {
        if (maxConcurrent < 1 || maxQueued < 0) {
            throw new IllegalArgumentException("at least one sequence must run and the queue cannot be negative; got "
                    + maxConcurrent + " and " + maxQueued);
        }
        this.model = model;
        this.maxConcurrent = maxConcurrent;
        this.maxQueued = maxQueued;
        this.endTokens = model.tokenizer().endOfGeneration();
        this.loop = Thread.ofPlatform().name("recllm-generate").daemon(true).start(this::generate);
    }

    public LanguageModel model() {
        return model;
    }

    /**
     * Queues a generation of at most {@code maxTokens} after {@code prompt}; the caller has checked that they fit the
     * context. Throws {@link Busy} when {@code maxQueued} requests already wait.
     */
    public Generation submit(int[] prompt, int maxTokens, SamplerConfig sampling, List<String> stops, boolean chat)
            throws Busy {
        if (closed) {
            throw new Busy("the server is shutting down");
        }
        if (waiting.incrementAndGet() > maxQueued + Math.max(0, freePlaces())) {
            waiting.decrementAndGet();
            throw new Busy(maxQueued + " requests already wait for a place; try again later");
        }
        int id = ids.getAndIncrement();
        Generation generation = new Generation(model.tokenizer(), prompt.length, stops, chat);
        live.put(id, generation);
        inbox.add(new BatchGenerator.Numbered(id, new BatchGenerator.Request(prompt, maxTokens, sampling,
                endTokens::contains, null, generation::token)));
        return generation;
    }

    /** Runs {@code task} on the generating thread between two passes and returns its result. */
    public <T> T onModelThread(Callable<T> task) throws InterruptedException, ExecutionException {
        FutureTask<T> future = new FutureTask<>(task);
        inbox.add(future);
        return future.get();
    }

    /** Sequences generating now. */
    public int running() {
        return running.get();
    }

    /** Requests waiting for a place. */
    public int waiting() {
        return waiting.get();
    }

    /** Requests admitted at the next pass do not count against the queue. */
    private int freePlaces() {
        return maxConcurrent - running.get();
    }

    private void generate() {
        BatchGenerator generator = new BatchGenerator(model.transformer());
        BatchGenerator.RequestSource source = new BatchGenerator.RequestSource() {
            @Override
            public BatchGenerator.Numbered next(boolean wait) throws InterruptedException {
                while (true) {
                    if (closed && wait) {
                        return null;
                    }
                    Object item = wait ? inbox.take() : inbox.poll();
                    if (item == null || item == CLOSE) {
                        if (item == CLOSE && !wait) {
                            continue;
                        }
                        return null;
                    }
                    if (item instanceof FutureTask<?> task) {
                        task.run();
                        continue;
                    }
                    waiting.decrementAndGet();
                    running.incrementAndGet();
                    return (BatchGenerator.Numbered) item;
                }
            }

            @Override
            public boolean cancelled(int index) {
                Generation generation = live.get(index);
                return closed || generation == null || generation.cancelled();
            }
        };
        try {
            generator.run(source, maxConcurrent, completion -> {
                running.decrementAndGet();
                Generation generation = live.remove(completion.index());
                if (generation != null) {
                    generation.finish(completion.stop());
                }
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // The engine is in an unknown state: refuse new work rather than queue it behind a dead thread.
            closed = true;
            live.values().forEach(g -> g.fail("generation failed: " + e.getMessage()));
            live.clear();
        } finally {
            for (Object item : inbox) {
                if (item instanceof BatchGenerator.Numbered numbered) {
                    Generation generation = live.remove(numbered.index());
                    if (generation != null) {
                        generation.fail("the server is shutting down");
                    }
                } else if (item instanceof FutureTask<?> task) {
                    task.cancel(false);
                }
            }
        }
    }

    /** Stops the sequences at their next pass, fails those still waiting, and ends the generating thread. */
    @Override
    public void close() {
        closed = true;
        inbox.add(CLOSE);
        try {
            loop.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
