package org.recllm.knowledge.augment;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.recllm.core.io.BadInputException;
import org.recllm.ctr.features.KnowledgeInput;
import org.recllm.data.schema.FieldKind;
import org.recllm.data.schema.FieldRole;
import org.recllm.data.schema.FieldSpec;
import org.recllm.data.schema.Vocabulary;
import org.recllm.data.store.SampleStore;
import org.recllm.knowledge.importing.MetadataTexts;
import org.recllm.knowledge.store.EncodedEntry;
import org.recllm.knowledge.store.EntityType;
import org.recllm.knowledge.store.KnowledgeEntry;
import org.recllm.knowledge.store.KnowledgeStore;
import org.recllm.knowledge.store.StoredEntry;

/**
 * Knowledge vectors laid out for a sample store: for each id of the vocabulary of the field with the item-id (or
 * user-id) role, the vector an encoder made of the entity's knowledge text — LLM knowledge first (only that of
 * {@code model} when one is named), the metadata fallback where no LLM text exists, the most recent entry among
 * equals — and a zero vector where the store has nothing (padding, OOV, unknown entities). One store query per type.
 */
public final class KnowledgeVectors {
    /** How one knowledge type was assembled: vectors found, and ids left at zero. */
    public record Coverage(String type, int ids, int withLlmText, int withMetadataText, int missing) {}

    /** The inputs for the model and what they cover. */
    public record Assembled(List<KnowledgeInput> inputs, List<Coverage> coverage) {}

    private KnowledgeVectors() {}

    /**
     * @param storeName how to name the knowledge store in errors
     * @param model     only this model's LLM texts (plus metadata fallbacks), or null for any model's
     */
    public static Assembled forSamples(KnowledgeStore store, String storeName, SampleStore samples, String encoderId,
                                       String model, List<EntityType> types) {
        List<KnowledgeInput> inputs = new ArrayList<>();
        List<Coverage> coverage = new ArrayList<>();
        for (EntityType type : types) {
            FieldRole role = type == EntityType.ITEM ? FieldRole.ITEM_ID : FieldRole.USER_ID;
            FieldSpec spec = samples.schema().idField(role).orElseThrow(() -> new BadInputException(samples.directory(),
                    "has no field with the role " + role + ", so " + type.label() + " knowledge cannot be joined to it"));
            Vocabulary vocabulary = samples.vocabulary(spec.vocabulary());
            List<String> sequenceFields = samples.schema().fields().stream()
                    .filter(f -> f.kind() == FieldKind.SEQUENCE && f.vocabulary().equals(spec.vocabulary()))
                    .map(FieldSpec::name).toList();
            Map<Long, EncodedEntry> chosen = choose(store.encoded(type, encoderId), model);
            int dim = -1;
            float[] vectors = null;
            int llm = 0;
            int metadata = 0;
            int missing = 0;
            for (int id = Vocabulary.FIRST_ID; id < vocabulary.size(); id++) {
                EncodedEntry entry = entityId(vocabulary, id) instanceof Long entity ? chosen.get(entity) : null;
                if (entry == null) {
                    missing++;
                    continue;
                }
                if (vectors == null) {
                    dim = entry.vector().length;
                    vectors = new float[vocabulary.size() * dim];
                }
                System.arraycopy(entry.vector(), 0, vectors, id * dim, dim);
                if (entry.modelId().equals(MetadataTexts.MODEL_ID)) {
                    metadata++;
                } else {
                    llm++;
                }
            }
            if (vectors == null) {
                throw new BadInputException(storeName, 0, null, "has no " + type.label() + " vectors from encoder '"
                        + encoderId + "' for the " + spec.name() + " values of these samples; encode the store first");
            }
            inputs.add(new KnowledgeInput(type.label(), spec.name(), sequenceFields, vectors, vocabulary.size(), dim));
            coverage.add(new Coverage(type.label(), vocabulary.size() - Vocabulary.FIRST_ID, llm, metadata, missing));
        }
        return new Assembled(inputs, coverage);
    }

    /** The entity id of a vocabulary value, or null when the value is not an integer (it then has no knowledge). */
    private static Long entityId(Vocabulary vocabulary, int id) {
        try {
            return Long.parseLong(vocabulary.value(id));
        } catch (NumberFormatException notAnEntity) {
            return null;
        }
    }

    /**
     * Per entity of {@code type}, the text of its preferred entry (the same choice as the vectors': LLM text of
     * {@code model} or any model before the metadata fallback, newest first).
     */
    public static Map<Long, String> texts(KnowledgeStore store, EntityType type, String model) {
        List<KnowledgeEntry> entries = new ArrayList<>();
        long after = 0;
        for (List<StoredEntry> page = store.entries(after, 1000); !page.isEmpty(); page = store.entries(after, 1000)) {
            for (StoredEntry stored : page) {
                if (stored.entry().key().entityType() == type) {
                    entries.add(stored.entry());
                }
            }
            after = page.getLast().id();
        }
        Map<Long, String> texts = new HashMap<>();
        preferred(entries, e -> e.key().entityId(), e -> e.key().modelId(), KnowledgeEntry::createdAt, model)
                .forEach((entity, entry) -> texts.put(entity, entry.answer()));
        return texts;
    }

    /** Per entity, its preferred entry: LLM (of {@code model}, when given) before metadata, newest first. */
    private static Map<Long, EncodedEntry> choose(List<EncodedEntry> entries, String model) {
        return preferred(entries, EncodedEntry::entityId, EncodedEntry::modelId, EncodedEntry::createdAt, model);
    }

    private static <T> Map<Long, T> preferred(List<T> entries, Function<T, Long> entity, Function<T, String> modelId,
                                              Function<T, Instant> createdAt, String model) {
        Comparator<T> preference = Comparator.<T, Boolean>comparing(e -> modelId.apply(e).equals(MetadataTexts.MODEL_ID))
                .thenComparing(createdAt, Comparator.reverseOrder());
        Map<Long, T> best = new HashMap<>();
        for (T entry : entries) {
            String writer = modelId.apply(entry);
            if (model != null && !writer.equals(model) && !writer.equals(MetadataTexts.MODEL_ID)) {
                continue;
            }
            best.merge(entity.apply(entry), entry, (a, b) -> preference.compare(a, b) <= 0 ? a : b);
        }
        return best;
    }
}
