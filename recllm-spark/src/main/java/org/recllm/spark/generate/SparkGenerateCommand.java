package org.recllm.spark.generate;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import org.recllm.core.io.BadInputException;
import org.recllm.data.dataset.Datasets;
import org.recllm.data.dataset.RatingDataset;
import org.recllm.data.protocol.Protocols;
import org.recllm.knowledge.backend.GenerationSettings;
import org.recllm.knowledge.backend.LlmBackend;
import org.recllm.knowledge.generation.ContextFit;
import org.recllm.knowledge.generation.GenerationJob;
import org.recllm.knowledge.prompt.EntityPrompt;
import org.recllm.knowledge.prompt.HistoryWindow;
import org.recllm.knowledge.prompt.KnowledgePrompts;
import org.recllm.knowledge.scenario.Scenario;
import org.recllm.knowledge.scenario.Scenarios;
import org.recllm.knowledge.store.KnowledgeStore;
import org.recllm.knowledge.store.StoreLocation;
import org.recllm.spark.SparkOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code recllm spark generate}: KAR's prompts answered on executors into a shared PostgreSQL store. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Ask an LLM the scenario's prompts about items and users on Spark executors (the embedded engine "
                + "on each, or a pool of OpenAI-compatible servers) and store each answer in a shared PostgreSQL "
                + "knowledge store as it arrives; stored answers are skipped, so a rerun or a retried task resumes.")
public final class SparkGenerateCommand implements Callable<Integer> {
    @Mixin
    SparkOptions spark;

    @Option(names = "--store", required = true, paramLabel = "URL",
            description = "Shared knowledge store: jdbc:postgresql://HOST/DB?user=…&currentSchema=…; created when absent.")
    String store;

    @Option(names = "--dataset", defaultValue = "ml-100k", description = "Dataset format. Default: ${DEFAULT-VALUE}.")
    String dataset;

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "The dataset folder.")
    Path data;

    @Option(names = "--protocol", defaultValue = "ml100k-u1",
            description = "Protocol whose training window user prompts read. Default: ${DEFAULT-VALUE}.")
    String protocol;

    @Option(names = "--scenario", defaultValue = "movies", description = "Scenario (built-in name or YAML file). "
            + "Default: ${DEFAULT-VALUE}.")
    String scenario;

    @Option(names = "--entities", defaultValue = "both", description = "items, users or both. Default: ${DEFAULT-VALUE}.")
    String entities;

    @Option(names = "--limit", paramLabel = "N", description = "At most N items and N users.")
    Integer limit;

    @Option(names = "--backend", defaultValue = "embedded", description = "embedded (--model M.gguf on every executor) "
            + "or openai (--base-url). Default: ${DEFAULT-VALUE}.")
    String backend;

    @Option(names = "--model", required = true, paramLabel = "M.gguf|NAME",
            description = "GGUF file every executor can read (embedded), or the servers' model name (openai).")
    String model;

    @Option(names = "--base-url", split = ",", paramLabel = "URL",
            description = "OpenAI-compatible servers; task p talks to the (p mod n)-th.")
    List<URI> baseUrls = new ArrayList<>();

    @Option(names = "--api-key-env", paramLabel = "VAR", description = "Environment variable holding the API key.")
    String apiKeyEnv;

    @Option(names = "--concurrency", defaultValue = "8",
            description = "Prompts a task has under way at once (engine batch or open requests). Default: ${DEFAULT-VALUE}.")
    int concurrency;

    @Option(names = "--max-tokens", defaultValue = "256", description = "Answer length limit. Default: ${DEFAULT-VALUE}.")
    int maxTokens;

    @Option(names = "--temperature", defaultValue = "0", description = "Sampling temperature. Default: ${DEFAULT-VALUE}.")
    float temperature;

    @Option(names = "--seed", defaultValue = "1", description = "Sampling seed. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        StoreLocation location = StoreLocation.parse(store);
        if (concurrency < 1 || concurrency > 1024) {
            throw new BadInputException("--concurrency", 0, null, "expected 1 to 1024, got " + concurrency);
        }
        GenerationSettings settings = new GenerationSettings(maxTokens, temperature, seed);
        BackendFactory backends = backends();
        RatingDataset ratings = Datasets.read(dataset, data);
        Scenario chosen = Scenarios.resolve(scenario);
        KnowledgePrompts source = new KnowledgePrompts(chosen, ratings,
                HistoryWindow.of(Protocols.byName(protocol).split(ratings)));
        List<EntityPrompt> prompts = prompts(source);
        List<EntityPrompt> pending;
        String modelId;
        try (LlmBackend local = backends.open(0); KnowledgeStore knowledge = location.open()) {
            modelId = local.modelId();
            ContextFit fit = ContextFit.of(prompts, source, local, Math.min(maxTokens, ContextFit.MIN_ANSWER_TOKENS));
            pending = GenerationJob.pending(fit.prompts(), knowledge, chosen.name(), modelId);
        }
        var out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "%s, scenario %s: %,d of %,d prompts to ask (%,d already stored in %s)%n", modelId,
                chosen.name(), pending.size(), prompts.size(), prompts.size() - pending.size(), location);
        out.flush();
        long started = System.nanoTime();
        DistributedGeneration.Totals totals = spark.run("generate", session -> new DistributedGeneration(
                JavaSparkContext.fromSparkContext(session.sparkContext()), spark.partitions(session))
                .run(location, pending, chosen.name(), settings, backends));
        double seconds = (System.nanoTime() - started) / 1e9;
        out.printf(Locale.ROOT, "stored %,d answers in %.1f s (%.2f entities/s, %,.0f tokens/s out); %,d prompt and %,d "
                        + "completion tokens%n", totals.stored(), seconds, totals.stored() / seconds,
                totals.completionTokens() / seconds, totals.promptTokens(), totals.completionTokens());
        return 0;
    }

    private BackendFactory backends() {
        return switch (backend) {
            case "embedded" -> {
                if (!baseUrls.isEmpty()) {
                    throw new BadInputException("--base-url", 0, null, "is for --backend openai");
                }
                Path gguf = Path.of(model);
                if (!Files.isRegularFile(gguf)) {
                    throw new BadInputException(gguf, "not found; expected a GGUF model that every executor can read");
                }
                yield BackendFactory.embedded(gguf, concurrency);
            }
            case "openai" -> {
                if (baseUrls.isEmpty()) {
                    throw new BadInputException("--base-url", 0, null, "--backend openai needs at least one server URL");
                }
                yield BackendFactory.openAi(baseUrls, model, apiKeyEnv, concurrency);
            }
            default -> throw new BadInputException("--backend", 0, null, "expected embedded or openai, got '" + backend + "'");
        };
    }

    private List<EntityPrompt> prompts(KnowledgePrompts source) {
        int most = limit == null ? Integer.MAX_VALUE : limit;
        if (limit != null && limit < 1) {
            throw new BadInputException("--limit", 0, null, "expected at least 1, got " + limit);
        }
        List<EntityPrompt> prompts = new ArrayList<>();
        switch (entities) {
            case "items" -> prompts.addAll(source.items(most));
            case "users" -> prompts.addAll(source.users(most));
            case "both" -> {
                prompts.addAll(source.items(most));
                prompts.addAll(source.users(most));
            }
            default -> throw new BadInputException("--entities", 0, null, "expected items, users or both, got '"
                    + entities + "'");
        }
        return prompts;
    }
}
