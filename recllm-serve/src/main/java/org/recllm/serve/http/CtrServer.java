package org.recllm.serve.http;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.recllm.serve.bundle.ModelBundle;
import org.recllm.serve.BadRequestException;
import org.recllm.serve.scoring.CandidateScorer;
import org.recllm.serve.scoring.ScoreRequest;

/**
 * The online CTR scoring server: {@code POST /v1/score} scores a user's candidates with a bundle's model (ID model
 * plus precomputed knowledge vectors; no LLM, no text encoder), {@code /health}, {@code /ready}, Prometheus
 * {@code /metrics}, and {@code POST /admin/reload}. A new bundle version written into the watched folder is loaded
 * beside the old one and swapped in at once: requests in flight finish on the bundle they started with. Closing
 * first reports not-ready, then waits for requests in flight, then stops.
 */
public final class CtrServer implements AutoCloseable {
    /** Requests that may wait per scoring thread before the server sheds load. */
    static final int QUEUED_PER_THREAD = 64;

    private final Path bundleDir;
    private final ServerSettings settings;
    private final Consumer<String> log;
    private final ServerMetrics metrics = new ServerMetrics();
    private final AtomicReference<CandidateScorer> current = new AtomicReference<>();
    private final ScheduledExecutorService watcher;
    private final ExecutorService scoring;
    private final Javalin app;
    private volatile boolean closing;
    /** The last version that failed to load: not retried until the manifest names another. */
    private volatile String failedVersion;

    private CtrServer(Path bundleDir, ServerSettings settings, Consumer<String> log) {
        this.bundleDir = bundleDir;
        this.settings = settings;
        this.log = log;
        install(ModelBundle.load(bundleDir, settings.precomputeKnowledge()));
        // Requests arrive on virtual threads; the model runs on a few long-lived platform threads, whose kernels keep
        // their packing buffers (megabytes) from one request to the next instead of allocating them per request.
        // A bounded queue sheds load: past it a request is answered 503 at once instead of waiting without limit.
        this.scoring = new ThreadPoolExecutor(settings.concurrency(), settings.concurrency(), 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(QUEUED_PER_THREAD * settings.concurrency()),
                Thread.ofPlatform().daemon().name("recllm-score-", 1).factory());
        this.app = ServerApps.create(settings.maxBodyBytes());
        app.post("/v1/score", this::score);
        app.get("/health", ctx -> ctx.json(java.util.Map.of("status", "up")));
        app.get("/ready", this::ready);
        app.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.render()));
        app.post("/admin/reload", this::reloadNow);
        app.start(settings.host(), settings.port());
        if (settings.watchInterval().isPositive()) {
            watcher = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("recllm-bundle-watch").factory());
            long every = settings.watchInterval().toMillis();
            watcher.scheduleWithFixedDelay(this::checkForNewVersion, every, every, TimeUnit.MILLISECONDS);
        } else {
            watcher = null;
        }
    }

    /** Loads the bundle in {@code bundleDir} and starts listening; {@code log} hears about reloads. */
    public static CtrServer start(Path bundleDir, ServerSettings settings, Consumer<String> log) {
        return new CtrServer(bundleDir, settings, log);
    }

    public int port() {
        return app.port();
    }

    public String modelVersion() {
        return bundle().version();
    }

    /** The bundle being served now. */
    public ModelBundle bundle() {
        return current.get().bundle();
    }

    /** Loads the bundle folder's current version and serves it from the next request on; returns that version. */
    public synchronized String reload() {
        try {
            ModelBundle bundle = ModelBundle.load(bundleDir, settings.precomputeKnowledge());
            install(bundle);
            metrics.reloaded(true);
            log.accept("serving " + bundle.version());
            return bundle.version();
        } catch (RuntimeException e) {
            metrics.reloaded(false);
            throw e;
        }
    }

    private void install(ModelBundle bundle) {
        current.set(new CandidateScorer(bundle, settings.maxCandidates(), settings.concurrency()));
        metrics.serving(bundle.version());
    }

    private void checkForNewVersion() {
        String version = null;
        try {
            version = ModelBundle.currentVersion(bundleDir);
            if (version != null && !version.equals(modelVersion()) && !version.equals(failedVersion)) {
                reload();
            }
        } catch (Throwable e) {
            // Caught whatever it is: an escaping error would silently end the scheduled checks.
            failedVersion = version;
            log.accept("bundle " + bundleDir + " not reloaded (still serving " + modelVersion() + "): " + e.getMessage());
        }
    }

    private void score(Context ctx) {
        long start = System.nanoTime();
        metrics.started();
        int status = 500;
        int candidates = 0;
        try {
            if (closing) {
                status = 503;
                ctx.header("Connection", "close");
                send(ctx, status, error(java.util.Map.of("error", "the server is shutting down")));
                return;
            }
            CandidateScorer scorer = current.get();
            ScoreRequest request = scorer.parse(ServerApps.body(ctx, settings.maxBodyBytes()));
            float[] scores = scoreOnPool(scorer, request);
            candidates = scores.length;
            status = 200;
            send(ctx, status, answer(scores, scorer.bundle().version()));
        } catch (BadRequestException e) {
            status = 400;
            send(ctx, status, error(java.util.Map.of("error", e.getMessage(), "field", e.field())));
        } catch (Overloaded e) {
            status = 503;
            ctx.header("Retry-After", "1");
            send(ctx, status, error(java.util.Map.of("error", "overloaded: " + QUEUED_PER_THREAD * settings.concurrency()
                    + " requests already wait for a scoring thread")));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            status = 503;
            send(ctx, status, error(java.util.Map.of("error", "the server is shutting down")));
        } catch (RuntimeException | IOException e) {
            send(ctx, status, error(java.util.Map.of("error", String.valueOf(e.getMessage()))));
        } finally {
            metrics.finished(status, System.nanoTime() - start, candidates);
        }
    }

    private float[] scoreOnPool(CandidateScorer scorer, ScoreRequest request) throws InterruptedException {
        try {
            return scoring.submit(() -> scorer.score(request)).get();
        } catch (RejectedExecutionException e) {
            throw new Overloaded();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Every scoring thread is busy and the queue before them is full. */
    private static final class Overloaded extends RuntimeException {
        Overloaded() {
            super(null, null, false, false);
        }
    }

    /**
     * Writes and flushes the whole response inside the handler, with its length, so that a request counts as in
     * flight until its answer has left: a shutdown that waits for requests in flight never cuts an answer.
     */
    private static void send(Context ctx, int status, byte[] body) {
        ctx.status(status);
        ctx.res().setContentType("application/json");
        ctx.res().setContentLength(body.length);
        try {
            var out = ctx.res().getOutputStream();
            out.write(body);
            out.flush();
        } catch (IOException e) {
            // The client went away; nothing is left to tell it.
        }
    }

    private static byte[] error(java.util.Map<String, String> fields) {
        try {
            return org.recllm.core.io.AtomicFiles.JSON.writer().without(
                    com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(fields);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] answer(float[] scores, String version) {
        StringBuilder json = new StringBuilder(32 + scores.length * 12).append("{\"scores\":[");
        for (int i = 0; i < scores.length; i++) {
            // A NaN (a model that diverged) is no JSON number: null says there is no score.
            json.append(i == 0 ? "" : ",").append(Float.isFinite(scores[i]) ? Float.toString(scores[i]) : "null");
        }
        json.append("],\"model_version\":\"").append(version).append("\"}");
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void ready(Context ctx) {
        boolean ready = !closing && current.get() != null;
        ctx.status(ready ? 200 : 503).json(java.util.Map.of("ready", ready, "model_version", modelVersion()));
    }

    private void reloadNow(Context ctx) {
        try {
            ctx.json(java.util.Map.of("model_version", reload()));
        } catch (RuntimeException e) {
            ctx.status(500).json(java.util.Map.of("error", String.valueOf(e.getMessage()), "model_version", modelVersion()));
        }
    }

    /** Not ready from now on; waits (up to the drain timeout) for requests in flight, then stops listening. */
    @Override
    public void close() {
        closing = true;
        if (watcher != null) {
            watcher.shutdownNow();
        }
        long deadline = System.nanoTime() + settings.drainTimeout().toNanos();
        while (metrics.inFlight() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        app.stop();
        scoring.shutdown();
    }

    /** Scoring requests being answered now. */
    public int requestsInFlight() {
        return metrics.inFlight();
    }

    /** Requests answered with {@code status} so far (for tests and the load test's summary). */
    public long requests(int status) {
        return metrics.requests(status);
    }
}
