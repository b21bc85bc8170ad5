package org.recllm.serve.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import org.recllm.core.io.AtomicFiles;
import org.recllm.llm.LanguageModel;
import org.recllm.llm.model.TextEmbedder;
import org.recllm.serve.BadRequestException;
import org.recllm.serve.llm.CompletionRequest;
import org.recllm.serve.llm.Drafting;
import org.recllm.serve.llm.Generation;
import org.recllm.serve.llm.GenerationService;
import org.recllm.serve.llm.OpenAiRequests;

/**
 * An OpenAI-compatible server for a GGUF model run by the embedded engine: {@code /v1/chat/completions} (the GGUF's
 * chat template) and {@code /v1/completions}, streamed as server-sent events or not, {@code /v1/embeddings} (mean of
 * the last layer's hidden states), {@code /v1/models}, {@code /health} and Prometheus {@code /metrics}. Requests
 * join the engine's continuous batching; past the queue's bound they get 429, past the model's context 400; a client
 * that leaves a stream stops its sequence at the next pass.
 */
public final class LlmServer implements AutoCloseable {
    private final LanguageModel model;
    private final String modelId;
    private final LlmServerSettings settings;
    private final GenerationService service;
    private final TextEmbedder embedder;
    private final LlmMetrics metrics = new LlmMetrics();
    private final AtomicLong ids = new AtomicLong();
    /** Completion and embedding handlers running now: closing waits for them to write their answers. */
    private final AtomicInteger handling = new AtomicInteger();
    private final long created = System.currentTimeMillis() / 1000;
    private final Javalin app;

    private LlmServer(LanguageModel model, Path gguf, LlmServerSettings settings, Drafting drafting) {
        this.model = model;
        this.modelId = gguf.getFileName().toString();
        this.settings = settings;
        this.service = new GenerationService(model, settings.maxConcurrent(), settings.maxQueued(), drafting);
        this.embedder = new TextEmbedder(model, model.config().layers(), TextEmbedder.Pooling.MEAN);
        this.app = ServerApps.create(settings.maxBodyBytes());
        app.get("/v1/models", this::models);
        app.post("/v1/chat/completions", ctx -> counted(() -> complete(ctx, true)));
        app.post("/v1/completions", ctx -> counted(() -> complete(ctx, false)));
        app.post("/v1/embeddings", ctx -> counted(() -> embeddings(ctx)));
        app.get("/health", ctx -> {
            String failure = service.failure();
            ctx.status(failure == null ? 200 : 503).json(failure == null ? java.util.Map.of("status", "ok")
                    : java.util.Map.of("status", "failed", "error", failure));
        });
        app.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                .result(metrics.render(service.running(), service.waiting(), service.speculation())));
        try {
            app.start(settings.host(), settings.port());
        } catch (RuntimeException e) {
            service.close();
            throw e;
        }
    }

    /** Opens {@code gguf} and starts listening. */
    public static LlmServer start(Path gguf, LlmServerSettings settings, Consumer<String> log) {
        return start(gguf, settings, model -> Drafting.OFF, log);
    }

    /**
     * As {@link #start(Path, LlmServerSettings, Consumer)}, decoding speculatively as {@code drafting} says for the
     * opened model (pass costs measured on it, pools seeded with its tokenizer): each request drafts from the pool of
     * its group — OpenAI's {@code user} field — and its answer joins that pool (DARE).
     */
    public static LlmServer start(Path gguf, LlmServerSettings settings, Function<LanguageModel, Drafting> drafting,
                                  Consumer<String> log) {
        LanguageModel model = LanguageModel.open(gguf);
        LlmServer server;
        try {
            server = new LlmServer(model, gguf, settings, drafting.apply(model));
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
        log.accept("serving " + server.modelId + " (" + server.model.config().contextLength() + "-token context, "
                + settings.maxConcurrent() + " sequences per pass)");
        return server;
    }

    public int port() {
        return app.port();
    }

    public String modelId() {
        return modelId;
    }

    private void counted(Runnable handler) {
        handling.incrementAndGet();
        try {
            handler.run();
        } finally {
            handling.decrementAndGet();
        }
    }

    private void models(Context ctx) {
        ObjectNode body = AtomicFiles.JSON.createObjectNode().put("object", "list");
        body.putArray("data").addObject().put("id", modelId).put("object", "model").put("created", created)
                .put("owned_by", "recllm");
        ctx.json(body);
    }

    private void complete(Context ctx, boolean chat) {
        String route = chat ? "chat" : "completions";
        Generation generation = null;
        try {
            byte[] body = ServerApps.body(ctx, settings.maxBodyBytes());
            CompletionRequest request = chat ? OpenAiRequests.chat(body) : OpenAiRequests.completion(body);
            int[] prompt = chat ? chatPrompt(request) : model.prompt(request.prompt());
            int context = model.config().contextLength();
            String promptField = chat ? "messages" : "prompt";
            if (prompt.length >= context) {
                throw new BadRequestException(promptField, "has " + prompt.length + " tokens; the model's context is "
                        + context + " tokens, which leaves no room for an answer");
            }
            int room = context - prompt.length;
            int maxTokens = request.maxTokens() == null ? room : request.maxTokens();
            if (maxTokens > room) {
                throw new BadRequestException("max_tokens", "asks for " + maxTokens + " tokens, but the prompt's "
                        + prompt.length + " tokens leave " + room + " of the model's " + context + "-token context");
            }
            generation = service.submit(prompt, maxTokens, request.sampling(), request.stops(),
                    request.ignoreEos(), chat, request.group());
            String id = (chat ? "chatcmpl-" : "cmpl-") + ids.incrementAndGet();
            if (request.stream()) {
                stream(ctx, generation, id, chat, request.includeUsage());
            } else {
                answer(ctx, generation, id, chat);
            }
        } catch (BadRequestException e) {
            error(ctx, 400, route, "invalid_request_error", e.getMessage(), e.field());
        } catch (GenerationService.Busy e) {
            ctx.header("Retry-After", "1");
            error(ctx, e.stopping() ? 503 : 429, route, e.stopping() ? "server_error" : "rate_limit_error", e.getMessage(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error(ctx, 503, route, "server_error", "the server is shutting down", null);
        } catch (IOException | RuntimeException e) {
            error(ctx, 500, route, "server_error", String.valueOf(e.getMessage()), null);
        } finally {
            // Whatever ended this handler early, the sequence must not keep generating for nobody.
            if (generation != null) {
                generation.cancel();
            }
        }
    }

    /** The conversation through the model's chat template; a conversation the template cannot render is the client's. */
    private int[] chatPrompt(CompletionRequest request) {
        try {
            return model.chatPrompt(request.messages());
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("messages", e.getMessage());
        }
    }

    /**
     * One JSON answer. While the answer is not ready, a space goes out every heartbeat (JSON allows whitespace before
     * its value): a client that left is noticed by the failed write and its sequence stopped, as a stream's is. The
     * status is then committed as 200 before the end; an engine failure after that comes as an error body.
     */
    private void answer(Context ctx, Generation generation, String id, boolean chat) throws InterruptedException {
        String route = chat ? "chat" : "completions";
        OutputStream committed = null;
        long heartbeat = settings.heartbeat().toNanos();
        long lastWrite = System.nanoTime();
        try {
            while (true) {
                Generation.Event event = generation.next(settings.heartbeat().toMillis());
                if (event == null || event instanceof Generation.Event.Text) {
                    if (System.nanoTime() - lastWrite < heartbeat) {
                        continue;
                    }
                    if (committed == null) {
                        ctx.status(200);
                        ctx.res().setContentType("application/json");
                        committed = ctx.res().getOutputStream();
                    }
                    committed.write(' ');
                    committed.flush();
                    lastWrite = System.nanoTime();
                } else if (event instanceof Generation.Event.Done done) {
                    Generation.Result result = done.result();
                    metrics.finished(route, 200, result);
                    ObjectNode body = envelope(id, chat ? "chat.completion" : "text_completion");
                    ObjectNode choice = body.putArray("choices").addObject().put("index", 0);
                    if (chat) {
                        choice.putObject("message").put("role", "assistant").put("content", result.text());
                    } else {
                        choice.put("text", result.text()).putNull("logprobs");
                    }
                    choice.put("finish_reason", result.finishReason());
                    usage(body, result);
                    if (committed == null) {
                        ctx.json(body);
                    } else {
                        committed.write(body.toString().getBytes(StandardCharsets.UTF_8));
                        committed.flush();
                    }
                    return;
                } else if (event instanceof Generation.Event.Failed failed) {
                    if (committed == null) {
                        error(ctx, 500, route, "server_error", failed.message(), null);
                    } else {
                        metrics.request(route, 500);
                        committed.write(errorBody("server_error", failed.message(), null).toString()
                                .getBytes(StandardCharsets.UTF_8));
                        committed.flush();
                    }
                    return;
                }
            }
        } catch (IOException clientGone) {
            generation.cancel();
            metrics.cancelled(route);
        }
    }

    /** Server-sent events, one per released piece of text; a failed write means the client left: stop the sequence. */
    private void stream(Context ctx, Generation generation, String id, boolean chat, boolean includeUsage)
            throws InterruptedException {
        String route = chat ? "chat" : "completions";
        ctx.status(200);
        ctx.res().setContentType("text/event-stream");
        ctx.res().setHeader("Cache-Control", "no-cache");
        try {
            OutputStream out = ctx.res().getOutputStream();
            if (chat) {
                // The first chat chunk announces the assistant's role with empty content, as OpenAI's does.
                ObjectNode first = chunk(id, true, "", null);
                ((ObjectNode) first.get("choices").get(0).get("delta")).put("role", "assistant");
                send(out, first);
            }
            while (true) {
                Generation.Event event = generation.next(settings.heartbeat().toMillis());
                if (event == null) {
                    // A comment line: clients ignore it, and a client that left is noticed while the request waits.
                    out.write(": waiting\n\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                } else if (event instanceof Generation.Event.Text text) {
                    send(out, chunk(id, chat, text.text(), null));
                } else if (event instanceof Generation.Event.Done done) {
                    send(out, chunk(id, chat, null, done.result().finishReason()));
                    if (includeUsage) {
                        ObjectNode usage = envelope(id, chat ? "chat.completion.chunk" : "text_completion");
                        usage.putArray("choices");
                        usage(usage, done.result());
                        send(out, usage);
                    }
                    out.write("data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    metrics.finished(route, 200, done.result());
                    return;
                } else if (event instanceof Generation.Event.Failed failed) {
                    send(out, errorBody("server_error", failed.message(), null));
                    metrics.request(route, 500);
                    return;
                }
            }
        } catch (IOException clientGone) {
            generation.cancel();
            metrics.cancelled(route);
        }
    }

    private ObjectNode chunk(String id, boolean chat, String text, String finishReason) {
        ObjectNode body = envelope(id, chat ? "chat.completion.chunk" : "text_completion");
        ObjectNode choice = body.putArray("choices").addObject().put("index", 0);
        if (chat) {
            ObjectNode delta = choice.putObject("delta");
            if (text != null) {
                delta.put("content", text);
            }
        } else {
            choice.put("text", text == null ? "" : text).putNull("logprobs");
        }
        if (finishReason == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finishReason);
        }
        return body;
    }

    private static void send(OutputStream out, ObjectNode event) throws IOException {
        out.write(("data: " + event + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private ObjectNode envelope(String id, String object) {
        return AtomicFiles.JSON.createObjectNode().put("id", id).put("object", object)
                .put("created", System.currentTimeMillis() / 1000).put("model", modelId);
    }

    private static void usage(ObjectNode body, Generation.Result result) {
        body.putObject("usage").put("prompt_tokens", result.promptTokens()).put("completion_tokens", result.completionTokens())
                .put("total_tokens", result.promptTokens() + result.completionTokens());
    }

    private void embeddings(Context ctx) {
        try {
            List<String> texts = OpenAiRequests.embeddingInputs(ServerApps.body(ctx, settings.maxBodyBytes()));
            TextEmbedder.Embedded embedded = service.onModelThread(() -> embedder.embedAll(texts));
            int tokens = 0;
            for (String text : texts) {
                tokens += Math.min(model.prompt(text).length, embedder.maxTokens());
            }
            ObjectNode body = AtomicFiles.JSON.createObjectNode().put("object", "list").put("model", modelId);
            ArrayNode data = body.putArray("data");
            for (int i = 0; i < embedded.vectors().length; i++) {
                ArrayNode vector = data.addObject().put("object", "embedding").put("index", i).putArray("embedding");
                for (float value : embedded.vectors()[i]) {
                    vector.add(value);
                }
            }
            body.putObject("usage").put("prompt_tokens", tokens).put("total_tokens", tokens);
            metrics.request("embeddings", 200);
            ctx.json(body);
        } catch (BadRequestException e) {
            error(ctx, 400, "embeddings", "invalid_request_error", e.getMessage(), e.field());
        } catch (GenerationService.Busy | java.util.concurrent.TimeoutException e) {
            ctx.header("Retry-After", "1");
            error(ctx, 503, "embeddings", "server_error", e.getMessage(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error(ctx, 503, "embeddings", "server_error", "the server is shutting down", null);
        } catch (ExecutionException | IOException | RuntimeException e) {
            error(ctx, 500, "embeddings", "server_error", String.valueOf(e.getMessage()), null);
        }
    }

    private void error(Context ctx, int status, String route, String type, String message, String param) {
        metrics.request(route, status);
        ctx.status(status).json(errorBody(type, message, param));
    }

    /** OpenAI's error shape: {@code {"error": {"message", "type", "param", "code"}}}. */
    private static ObjectNode errorBody(String type, String message, String param) {
        ObjectNode body = AtomicFiles.JSON.createObjectNode();
        ObjectNode error = body.putObject("error").put("message", message).put("type", type);
        if (param == null) {
            error.putNull("param");
        } else {
            error.put("param", param);
        }
        error.putNull("code");
        return body;
    }

    /**
     * Takes no new requests (503), lets those in flight finish for up to 30 s, stops listening, and closes the model
     * once the generating thread has ended (never under a pass still running).
     */
    @Override
    public void close() {
        boolean ended = service.close(30_000);
        // The engine has finished its sequences; their handlers may still be writing the answers.
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (handling.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        app.stop();
        if (ended) {
            model.close();
        }
    }
}
