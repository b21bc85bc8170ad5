package org.recllm.spark.generate;

import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.recllm.core.progress.Progress;
import org.recllm.knowledge.backend.GenerationSettings;
import org.recllm.knowledge.backend.LlmBackend;
import org.recllm.knowledge.backend.Pricing;
import org.recllm.knowledge.generation.GenerationJob;
import org.recllm.knowledge.generation.GenerationReport;
import org.recllm.knowledge.prompt.EntityPrompt;
import org.recllm.knowledge.store.EntityType;
import org.recllm.knowledge.store.KnowledgeStore;
import org.recllm.knowledge.store.StoreLocation;
import org.recllm.spark.SharedStores;
import org.recllm.spark.TaskFailures;

/**
 * Knowledge generation spread over executors: the prompts the store has no answer to yet are partitioned, and each
 * task asks its share through its backend ({@link BackendFactory}: the embedded engine, or one server of a pool) and
 * stores every answer in the shared store as it arrives. A task that fails or is retried (a lost executor, a
 * speculative copy) asks only what is still missing when it starts again, and two attempts storing the same answer
 * leave one entry: the store's upsert is idempotent under concurrent writers.
 */
public final class DistributedGeneration {
    private final JavaSparkContext context;
    private final int partitions;

    public DistributedGeneration(JavaSparkContext context, int partitions) {
        this.context = context;
        this.partitions = partitions;
    }

    /** A prompt as tasks receive it. */
    record Prompt(String entityType, long entityId, String timeWindow, String text) implements Serializable {
        static Prompt of(EntityPrompt prompt) {
            return new Prompt(prompt.entityType().label(), prompt.entityId(), prompt.timeWindow(), prompt.text());
        }

        EntityPrompt entityPrompt() {
            return new EntityPrompt(EntityType.parse(entityType), entityId, timeWindow, text);
        }
    }

    /** What the tasks did together. */
    public record Totals(long asked, long stored, long promptTokens, long completionTokens) implements Serializable {
        Totals plus(Totals other) {
            return new Totals(asked + other.asked, stored + other.stored, promptTokens + other.promptTokens,
                    completionTokens + other.completionTokens);
        }
    }

    /** Asks {@code prompts} (already pending and fitted) through the tasks; returns what they stored. */
    public Totals run(StoreLocation store, List<EntityPrompt> prompts, String scenario, GenerationSettings settings,
                      BackendFactory backends) {
        String url = SharedStores.requireShared(store);
        List<Prompt> shipped = prompts.stream().map(Prompt::of).toList();
        if (shipped.isEmpty()) {
            return new Totals(0, 0, 0, 0);
        }
        return TaskFailures.unwrapping(() -> context.parallelize(new ArrayList<>(shipped), partitions)
                .mapPartitions(part -> {
                    List<EntityPrompt> share = new ArrayList<>();
                    part.forEachRemaining(p -> share.add(p.entityPrompt()));
                    return List.of(ask(StoreLocation.parse(url), share, scenario, settings, backends)).iterator();
                })
                .reduce(Totals::plus));
    }

    private static Totals ask(StoreLocation location, List<EntityPrompt> share, String scenario,
                              GenerationSettings settings, BackendFactory backends) {
        if (share.isEmpty()) {
            return new Totals(0, 0, 0, 0);
        }
        try (KnowledgeStore store = location.open(); LlmBackend backend = backends.open(TaskContext.getPartitionId());
             PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
             Progress progress = Progress.toLog("generate", "entities", share.size(), quiet)) {
            GenerationReport report = new GenerationJob(store, backend, scenario, settings, Pricing.FREE).run(share, progress);
            return new Totals(share.size(), report.generated(), report.promptTokens(), report.completionTokens());
        }
    }
}
