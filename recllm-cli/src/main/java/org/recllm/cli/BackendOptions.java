package org.recllm.cli;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;
import org.recllm.core.io.BadInputException;
import org.recllm.knowledge.backend.EmbeddedBackend;
import org.recllm.knowledge.backend.LlmBackend;
import org.recllm.knowledge.backend.OpenAiCompatibleBackend;
import org.recllm.knowledge.backend.OpenAiSettings;
import org.recllm.knowledge.backend.RetryPolicy;
import org.recllm.llm.model.Transformer;
import org.recllm.llm.speculative.PoolSettings;
import org.recllm.llm.speculative.SpeculativeConfig;
import picocli.CommandLine.Option;

/** Which model answers: a GGUF file run in-process, or a chat-completions server. */
final class BackendOptions {
    @Option(names = "--backend", defaultValue = "embedded", paramLabel = "embedded|openai",
            description = "embedded (a GGUF model run by RecLLM) or openai (any OpenAI-compatible server). Default: ${DEFAULT-VALUE}.")
    String backend;

    @Option(names = "--model", required = true, paramLabel = "M.gguf|NAME",
            description = "GGUF file (embedded) or the server's model name (openai); answers are stored under its name.")
    String model;

    @Option(names = "--base-url", paramLabel = "URL", description = "API root of the server, e.g. http://127.0.0.1:8080/v1 (openai).")
    String baseUrl;

    @Option(names = "--api-key-env", paramLabel = "VAR",
            description = "Name of the environment variable that holds the API key (openai; none when absent).")
    String apiKeyEnv;

    @Option(names = "--concurrency", defaultValue = "4", paramLabel = "N",
            description = "Requests open at once (openai) or sequences per forward pass (embedded; 1 = one after another). Default: ${DEFAULT-VALUE}.")
    int concurrency;

    @Option(names = "--timeout", defaultValue = "120", paramLabel = "SECONDS", description = "Per request (openai). Default: ${DEFAULT-VALUE}.")
    int timeoutSeconds;

    @Option(names = "--retries", defaultValue = "5", paramLabel = "N",
            description = "Retries of a request after 429, 5xx or a timeout (openai). Default: ${DEFAULT-VALUE}.")
    int retries;

    /** The id answers are stored under, known without opening anything (for dry runs). */
    String modelId() {
        return embedded() ? EmbeddedBackend.modelIdOf(Path.of(model)) : model;
    }

    LlmBackend open() {
        return open(SpeculativeConfig.off(), PoolSettings.DEFAULT, model -> SpeculativeConfig.off());
    }

    /**
     * The backend, decoding speculatively from per-group pools when {@code speculation} is on (embedded only), with
     * the settings {@code forModel} gives for the opened model (pass costs measured on it, say).
     */
    LlmBackend open(SpeculativeConfig speculation, PoolSettings pools, Function<Transformer, SpeculativeConfig> forModel) {
        if (speculation.enabled() && !embedded()) {
            throw new BadInputException("--speculative", 0, null, "speculative decoding runs in the embedded engine; "
                    + "--backend openai leaves decoding to the server");
        }
        if (concurrency < 1) {
            throw new BadInputException("--concurrency", 0, null, "expected at least 1, got " + concurrency);
        }
        if (embedded()) {
            Path file = Path.of(model);
            if (!Files.isRegularFile(file)) {
                throw new BadInputException(file, "model file not found (--backend embedded takes a GGUF file)");
            }
            return EmbeddedBackend.open(file, concurrency, forModel, pools);
        }
        if (baseUrl == null) {
            throw new BadInputException("--base-url", 0, null, "required with --backend openai, e.g. http://127.0.0.1:8080/v1");
        }
        if (timeoutSeconds < 1 || retries < 0) {
            throw new BadInputException("--timeout/--retries", 0, null, "expected a timeout of at least 1 s and retries of at least 0");
        }
        OpenAiSettings settings;
        try {
            settings = new OpenAiSettings(new URI(baseUrl), model, apiKeyEnv, Duration.ofSeconds(timeoutSeconds), concurrency,
                    new RetryPolicy(retries, Duration.ofSeconds(1), Duration.ofSeconds(60)));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new BadInputException("--base-url", 0, null, e.getMessage());
        }
        return OptionInputs.naming("API key variable", "--api-key-env", () -> OpenAiCompatibleBackend.open(settings));
    }

    private boolean embedded() {
        return switch (backend) {
            case "embedded" -> true;
            case "openai" -> false;
            default -> throw new BadInputException("--backend", 0, null, "expected embedded or openai, got '" + backend + "'");
        };
    }
}
