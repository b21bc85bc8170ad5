package org.recllm.knowledge.importing;

import java.time.Instant;
import java.util.List;
import org.recllm.knowledge.prompt.EntityPrompt;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import org.recllm.data.dataset.Item;
import org.recllm.data.dataset.RatingDataset;
import org.recllm.knowledge.store.EntityType;
import org.recllm.knowledge.store.EntryKey;
import org.recllm.knowledge.store.KnowledgeEntry;
import org.recllm.knowledge.store.KnowledgeStore;
import org.recllm.knowledge.store.Upsert;
import org.recllm.knowledge.streaming.StreamWindow;

/**
 * The fallback knowledge of {@code shared/BENCHMARK.md}: an item without any LLM text gets
 * "&lt;title&gt;. Genres: &lt;genres&gt;. Released &lt;year&gt;." from the dataset's own metadata, stored under model id
 * {@value #MODEL_ID} so it never masquerades as LLM output.
 */
public final class MetadataTexts {
    public static final String MODEL_ID = "metadata";
    public static final String PROMPT = "dataset metadata";

    private MetadataTexts() {}

    /** The key of a metadata text about an entity, from the data of {@code timeWindow}. */
    public static EntryKey key(EntityType type, long entityId, String scenario, String timeWindow) {
        return EntryKey.of(type, entityId, scenario, PROMPT, MODEL_ID, timeWindow);
    }

    /** A metadata text as an entry: no tokens, no latency. */
    public static KnowledgeEntry entry(EntryKey key, String text, Instant createdAt) {
        return new KnowledgeEntry(key, PROMPT, text, 0, 0, 0, createdAt);
    }

    /** Adds a metadata text for every item of {@code dataset} that has no entry yet; returns how many were added. */
    public static int addMissingItems(RatingDataset dataset, String scenario, KnowledgeStore store) {
        return addMissing(dataset.items().values().stream().sorted(Comparator.comparingInt(Item::id))
                .map(item -> new EntityPrompt(EntityType.ITEM, item.id(), dataset.name(), item.describe())).toList(),
                scenario, store);
    }

    /**
     * Adds each fact text (an item's metadata, a cluster's {@link org.recllm.knowledge.prompt.ClusterPrompts#facts}, a
     * user's {@link org.recllm.knowledge.prompt.UserFacts}) where its entity has no entry yet other than streamed
     * versions; returns how many were added.
     */
    public static int addMissing(List<EntityPrompt> facts, String scenario, KnowledgeStore store) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return store.inTransaction(() -> {
            int added = 0;
            for (EntityPrompt fact : facts) {
                if (store.entriesAbout(fact.entityType(), fact.entityId()).stream()
                        .anyMatch(e -> !StreamWindow.isStream(e.entry().key().timeWindow()))) {
                    continue;
                }
                EntryKey key = key(fact.entityType(), fact.entityId(), scenario, fact.timeWindow());
                if (store.upsert(entry(key, fact.text(), now)) == Upsert.INSERTED) {
                    added++;
                }
            }
            return added;
        });
    }

    /** Adds a metadata text for every item of {@code dataset}, also those that have LLM knowledge (the ablation). */
    public static int addAllItems(RatingDataset dataset, String scenario, KnowledgeStore store) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return store.inTransaction(() -> {
            int added = 0;
            for (Item item : dataset.items().values()) {
                EntryKey key = key(EntityType.ITEM, item.id(), scenario, dataset.name());
                if (store.upsert(entry(key, item.describe(), now)) == Upsert.INSERTED) {
                    added++;
                }
            }
            return added;
        });
    }
}
