package org.recllm.serve.llm;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.recllm.llm.LanguageModel;
import org.recllm.llm.generate.BatchGenerator;
import org.recllm.llm.sampling.SamplerConfig;
import org.recllm.llm.speculative.RetrievalPool;

/**
 * The engine behind the LLM server: one generating thread runs continuous batching over the requests that arrive
 * (up to {@code maxConcurrent} sequences share each forward pass; the next waiting request takes a place as soon as
 * one frees), at most {@code maxQueued} wait for a place, and other work on the model (embeddings) runs on the same
 * thread before each pass, so nothing touches the model concurrently. A request the engine cannot take (its cache
 * does not fit) fails alone; an engine failure fails every request and marks the service dead.
 */
public final class GenerationService implements AutoCloseable {
    /** No place: the queue is full (429), or the service is stopping or dead (503). */
    public static final class Busy extends Exception {
        private final boolean stopping;

        Busy(String message, boolean stopping) {
            super(message);
            this.stopping = stopping;
        }

        /** Whether the service is stopping or dead rather than full. */
        public boolean stopping() {
            return stopping;
        }
    }

    /** Wakes the generating thread when work other than a request arrives. */
    private static final Object WAKE = new Object();

    private final LanguageModel model;
    private final int maxConcurrent;
    private final int maxQueued;
    private final Set<Integer> endTokens;
    private final LinkedBlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
    private final ConcurrentLinkedQueue<FutureTask<?>> tasks = new ConcurrentLinkedQueue<>();
    private final Map<Integer, Generation> live = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicInteger running = new AtomicInteger();
    private final Drafting drafting;
    private final BatchGenerator generator;
    /** Per group of requests, the earlier answers drafts come from; only the generating thread reads or adds to them. */
    private final Map<String, RetrievalPool> pools = new ConcurrentHashMap<>();
    private final Thread loop;
    /** No new requests (closing or dead). */
    private volatile boolean accepting = true;
    /** Stop the sequences still running (end of a drain, or the engine died). */
    private volatile boolean abort;
    private volatile String failure;

    public GenerationService(LanguageModel model, int maxConcurrent, int maxQueued) {
        this(model, maxConcurrent, maxQueued, Drafting.OFF);
    }

    /**
     * With {@code drafting} on, each request drafts from the pool of its group (DARE: earlier answers of the same
     * group, the seed texts for requests without one) and its answer joins that pool.
     */
    public GenerationService(LanguageModel model, int maxConcurrent, int maxQueued, Drafting drafting) {
        if (maxConcurrent < 1 || maxQueued < 0) {
            throw new IllegalArgumentException("at least one sequence must run and the queue cannot be negative; got "
                    + maxConcurrent + " and " + maxQueued);
        }
        this.model = model;
        this.maxConcurrent = maxConcurrent;
        this.maxQueued = maxQueued;
        this.endTokens = model.tokenizer().endOfGeneration();
        this.drafting = drafting;
        this.generator = new BatchGenerator(model.transformer(), drafting.speculation());
        if (drafting.speculation().enabled()) {
            pools.put("", drafting.seed());
        }
        this.loop = Thread.ofPlatform().name("recllm-generate").daemon(true).start(this::generate);
    }

    public LanguageModel model() {
        return model;
    }

    /** Null while the engine works; otherwise why it stopped. */
    public String failure() {
        return failure;
    }

    /**
     * Queues a generation of at most {@code maxTokens} after {@code prompt} (past end-of-turn tokens too with
     * {@code ignoreEos}); the caller has checked that they fit the context. Throws {@link Busy} when {@code maxQueued}
     * requests already wait, or when the service no longer takes requests.
     */
    public Generation submit(int[] prompt, int maxTokens, SamplerConfig sampling, List<String> stops, boolean ignoreEos,
                             boolean chat, String group) throws Busy {
        if (!accepting) {
            throw new Busy(failure != null ? "the engine failed: " + failure : "the server is shutting down", true);
        }
        if (waiting.incrementAndGet() > maxQueued + Math.max(0, maxConcurrent - running.get())) {
            waiting.decrementAndGet();
            throw new Busy(maxQueued + " requests already wait for a place; try again later", false);
        }
        int id = ids.getAndIncrement();
        Generation generation = new Generation(model.tokenizer(), prompt.length, stops, chat);
        live.put(id, generation);
        RetrievalPool pool = drafting.speculation().enabled()
                ? pools.computeIfAbsent(group == null ? "" : group, g -> new RetrievalPool(drafting.poolSettings())) : null;
        inbox.add(new BatchGenerator.Numbered(id, new BatchGenerator.Request(prompt, maxTokens, sampling,
                ignoreEos ? token -> false : endTokens::contains, pool, generation::token)));
        return generation;
    }

    /** Runs {@code task} on the generating thread before its next pass and returns its result (at most a minute). */
    public <T> T onModelThread(Callable<T> task) throws InterruptedException, ExecutionException, TimeoutException, Busy {
        if (!accepting) {
            throw new Busy("the server is shutting down", true);
        }
        FutureTask<T> future = new FutureTask<>(task);
        tasks.add(future);
        inbox.add(WAKE);
        return future.get(1, TimeUnit.MINUTES);
    }

    /** Sequences generating now. */
    public int running() {
        return running.get();
    }

    /** What speculation did so far (all zero when it is off). */
    public org.recllm.llm.speculative.SpeculationStats speculation() {
        return generator.stats();
    }

    /** Requests waiting for a place. */
    public int waiting() {
        return waiting.get();
    }

    private void generate() {
        BatchGenerator.RequestSource source = new BatchGenerator.RequestSource() {
            @Override
            public BatchGenerator.Numbered next(boolean wait) throws InterruptedException {
                while (true) {
                    runTasks();
                    if (!accepting && waiting.get() == 0 && wait) {
                        return null;
                    }
                    Object item = wait ? inbox.poll(100, TimeUnit.MILLISECONDS) : inbox.poll();
                    if (item == null && !wait) {
                        return null;
                    }
                    if (item instanceof BatchGenerator.Numbered numbered) {
                        waiting.decrementAndGet();
                        running.incrementAndGet();
                        return numbered;
                    }
                }
            }

            @Override
            public boolean cancelled(int index) {
                Generation generation = live.get(index);
                return abort || generation == null || generation.cancelled();
            }

            @Override
            public void refused(int index, RuntimeException problem) {
                running.decrementAndGet();
                Generation generation = live.remove(index);
                if (generation != null) {
                    generation.fail("the engine could not take this request: " + problem.getMessage());
                }
            }

            @Override
            public void betweenPasses() {
                runTasks();
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
        } catch (Throwable e) {
            // The engine is in an unknown state: refuse new work rather than queue it behind a dead thread.
            failure = String.valueOf(e.getMessage());
            accepting = false;
        } finally {
            accepting = false;
            live.values().forEach(g -> g.fail(failure != null ? "the engine failed: " + failure : "the server is shutting down"));
            live.clear();
            FutureTask<?> task;
            while ((task = tasks.poll()) != null) {
                task.cancel(false);
            }
        }
    }

    private void runTasks() {
        FutureTask<?> task;
        while ((task = tasks.poll()) != null) {
            task.run();
        }
    }

    /**
     * Takes no new requests, lets those running or waiting finish for up to {@code drainMillis}, stops the rest, and
     * ends the generating thread; returns whether it ended (only then may the model be closed).
     */
    public boolean close(long drainMillis) {
        accepting = false;
        long deadline = System.nanoTime() + drainMillis * 1_000_000L;
        while ((running.get() > 0 || waiting.get() > 0) && System.nanoTime() < deadline && loop.isAlive()) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        abort = true;
        inbox.add(WAKE);
        try {
            loop.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !loop.isAlive();
    }

    @Override
    public void close() {
        close(0);
    }
}
