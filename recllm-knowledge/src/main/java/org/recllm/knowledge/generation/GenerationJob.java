package org.recllm.knowledge.generation;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.recllm.core.progress.Progress;
import org.recllm.knowledge.backend.BackendException;
import org.recllm.knowledge.backend.Completion;
import org.recllm.knowledge.backend.GenerationSettings;
import org.recllm.knowledge.backend.LlmBackend;
import org.recllm.knowledge.backend.Pricing;
import org.recllm.knowledge.prompt.EntityPrompt;
import org.recllm.knowledge.store.EntityType;
import org.recllm.knowledge.store.EntryKey;
import org.recllm.knowledge.store.KnowledgeEntry;
import org.recllm.knowledge.store.KnowledgeStore;
import org.recllm.knowledge.store.StoredEntry;
import org.recllm.knowledge.streaming.StreamWindow;
import org.recllm.llm.tokenizer.Message;

/**
 * Asks a backend every prompt whose answer the store does not hold yet, and stores each answer the moment it arrives,
 * in its own transaction: a run that is stopped (killed, a server that gives up) loses only the requests in flight,
 * and running it again asks only what is still missing. An entry counts as present when its whole key matches:
 * entity, scenario, prompt hash, model and time window.
 */
public final class GenerationJob {
    private final KnowledgeStore store;
    private final LlmBackend backend;
    private final String scenario;
    private final GenerationSettings settings;
    private final Pricing pricing;
    private final Function<EntityPrompt, String> grouping;

    public GenerationJob(KnowledgeStore store, LlmBackend backend, String scenario, GenerationSettings settings,
                         Pricing pricing) {
        this(store, backend, scenario, settings, pricing, prompt -> prompt.entityType().label());
    }

    /**
     * A job whose prompts fall into groups of similar entities ({@code grouping}): a backend that drafts from earlier
     * answers keeps a pool per group, seeded with the store's answers in this scenario about the prompts' entities
     * (any model, any window) before the first request.
     */
    public GenerationJob(KnowledgeStore store, LlmBackend backend, String scenario, GenerationSettings settings,
                         Pricing pricing, Function<EntityPrompt, String> grouping) {
        this.store = store;
        this.backend = backend;
        this.scenario = scenario;
        this.settings = settings;
        this.pricing = pricing;
        this.grouping = grouping;
    }

    private record EntityRef(EntityType type, long id) {}

    /**
     * Gives the backend, when it drafts, every stored answer in this scenario about an entity of {@code prompts} (streamed
     * versions excepted), under that entity's group; returns how many.
     */
    public int seedPools(List<EntityPrompt> prompts) {
        if (!backend.drafts()) {
            return 0;
        }
        Map<EntityRef, String> groupOf = new HashMap<>();
        for (EntityPrompt prompt : prompts) {
            groupOf.put(new EntityRef(prompt.entityType(), prompt.entityId()), grouping.apply(prompt));
        }
        int seeded = 0;
        long after = 0;
        for (List<StoredEntry> page = store.entries(after, 1000); !page.isEmpty(); page = store.entries(after, 1000)) {
            for (StoredEntry stored : page) {
                after = stored.id();
                EntryKey key = stored.entry().key();
                String group = groupOf.get(new EntityRef(key.entityType(), key.entityId()));
                // Streamed versions hold only from their window's end on: drafting from them could carry later
                // behaviour into knowledge of an earlier window.
                if (group != null && key.scenario().equals(scenario) && !StreamWindow.isStream(key.timeWindow())) {
                    backend.remember(group, stored.entry().answer());
                    seeded++;
                }
            }
        }
        return seeded;
    }

    /** The prompts whose answer by this backend's model is not in the store, in their order. */
    public List<EntityPrompt> pending(List<EntityPrompt> prompts) {
        return pending(prompts, store, scenario, backend.modelId());
    }

    /** The prompts whose answer by {@code modelId} is not in {@code store}: what a run would ask (for dry runs). */
    public static List<EntityPrompt> pending(List<EntityPrompt> prompts, KnowledgeStore store, String scenario,
                                             String modelId) {
        return prompts.stream().filter(prompt -> store.find(prompt.key(scenario, modelId)).isEmpty()).toList();
    }

    /**
     * Answers the pending ones of {@code prompts}, advancing {@code progress} by stored answers and showing tokens/s
     * and cost in its status. A backend failure is rethrown after the answers under way are stored, saying how far
     * the run got and which entity failed.
     */
    public GenerationReport run(List<EntityPrompt> prompts, Progress progress) {
        List<EntityPrompt> pending = pending(prompts);
        AtomicInteger stored = new AtomicInteger();
        AtomicLong promptTokens = new AtomicLong();
        AtomicLong completionTokens = new AtomicLong();
        long started = System.nanoTime();
        List<List<Message>> conversations = pending.stream().map(prompt -> List.of(Message.user(prompt.text()))).toList();
        try {
            // Grouping reads each user's window: only worth it for a backend that drafts.
            List<String> groups = backend.drafts() ? pending.stream().map(grouping).toList()
                    : Collections.nCopies(pending.size(), "");
            backend.chatAll(conversations, groups, settings, (index, completion) -> {
                store(pending.get(index), completion);
                stored.incrementAndGet();
                long in = promptTokens.addAndGet(completion.promptTokens());
                long out = completionTokens.addAndGet(completion.completionTokens());
                progress.status(status(in, out, (System.nanoTime() - started) / 1e9));
                progress.advance(1);
            });
        } catch (BackendException e) {
            String entity = e.conversation() >= 0 ? pending.get(e.conversation()).entity() + ": " : "";
            throw new BackendException("stopped after storing " + stored.get() + " of " + pending.size()
                    + " answers (run again to resume): " + entity + e.getMessage(), e);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        return new GenerationReport(prompts.size(), prompts.size() - pending.size(), stored.get(), promptTokens.get(),
                completionTokens.get(), seconds, pricing.cost(promptTokens.get(), completionTokens.get()));
    }

    private void store(EntityPrompt prompt, Completion completion) {
        KnowledgeEntry entry = new KnowledgeEntry(prompt.key(scenario, backend.modelId()), prompt.text(), completion.text(),
                completion.promptTokens(), completion.completionTokens(), completion.latencyMs(),
                Instant.now().truncatedTo(ChronoUnit.MILLIS));
        // Answers arrive on several threads; a store is used by one thread at a time.
        synchronized (store) {
            store.upsert(entry);
        }
    }

    private String status(long in, long out, double seconds) {
        String rates = String.format(Locale.ROOT, "%,.0f tok/s out, %,.0f tok/s in", out / seconds, in / seconds);
        return pricing.isFree() ? rates : rates + String.format(Locale.ROOT, ", $%.4f so far", pricing.cost(in, out));
    }
}
