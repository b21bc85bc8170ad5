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
import org.recllm.knowledge.store.StoredClusters;
import org.recllm.knowledge.store.StoredCodes;
import org.recllm.knowledge.store.StoredEntry;

/**
 * Knowledge laid out for a sample store: for each id of the vocabulary of the field with the item-id (or user-id)
 * role, one row per {@link KnowledgeType}. Text knowledge: the vector an encoder made of the entity's knowledge text —
 * LLM knowledge first (only that of {@code model} when one is named), the metadata fallback where no LLM text exists,
 * the most recent entry among equals. Cluster knowledge: the vector of the text about the entity's cluster in the
 * newest clustering, chosen by the same rule. Codes: the entity's codes in the newest code run. Where the store has
 * nothing (padding, OOV, unknown entities) a row is zero, or has no codes. A few store queries per type.
 */
public final class KnowledgeVectors {
    /**
     * How one knowledge type was assembled: ids covered by LLM text, by metadata text (for codes: neither), and ids
     * left without knowledge; {@code source} names the clustering or code run used, or is empty.
     */
    public record Coverage(String type, int ids, int withLlmText, int withMetadataText, int missing, String source) {}

    /** The inputs for the model and what they cover. */
    public record Assembled(List<KnowledgeInput> inputs, List<Coverage> coverage) {}

    /** The keyed field of one entity type in the samples, its vocabulary, and the histories over it. */
    private record Keyed(FieldSpec field, Vocabulary vocabulary, List<String> sequenceFields) {}

    private KnowledgeVectors() {}

    /**
     * @param storeName how to name the knowledge store in errors
     * @param model     only this model's LLM texts (plus metadata fallbacks), or null for any model's
     */
    public static Assembled forSamples(KnowledgeStore store, String storeName, SampleStore samples, String encoderId,
                                       String model, List<KnowledgeType> types) {
        List<KnowledgeInput> inputs = new ArrayList<>();
        List<Coverage> coverage = new ArrayList<>();
        for (KnowledgeType type : types) {
            Keyed keyed = keyed(samples, type);
            switch (type.form()) {
                case TEXT -> {
                    Map<Long, EncodedEntry> chosen = choose(store.encoded(type.entities(), encoderId), model);
                    vectors(storeName, type, keyed, encoderId, entity -> chosen.get(entity), "", inputs, coverage);
                }
                case CLUSTER -> {
                    StoredClusters clusters = store.latestClusters(type.entities()).orElseThrow(() -> new BadInputException(
                            storeName, 0, null, "has no " + type.entities().label() + " clusters for " + type.label()
                                    + " knowledge; run knowledge cluster --entities " + type.entities().label() + "s first"));
                    Map<Long, EncodedEntry> texts = choose(store.encoded(type.entities().clusters(), encoderId), model);
                    Map<Long, Long> clusterOf = new HashMap<>();
                    for (int i = 0; i < clusters.entityIds().length; i++) {
                        clusterOf.put(clusters.entityIds()[i], clusters.clusterIds()[clusters.clusters()[i]]);
                    }
                    vectors(storeName, type, keyed, encoderId, entity -> clusterOf.get(entity) instanceof Long cluster
                            ? texts.get(cluster) : null, "clusters v" + clusters.version(), inputs, coverage);
                }
                case CODES -> codes(storeName, store, type, keyed, inputs, coverage);
            }
        }
        return new Assembled(inputs, coverage);
    }

    private static Keyed keyed(SampleStore samples, KnowledgeType type) {
        FieldRole role = type.entities() == EntityType.ITEM ? FieldRole.ITEM_ID : FieldRole.USER_ID;
        FieldSpec spec = samples.schema().idField(role).orElseThrow(() -> new BadInputException(samples.directory(),
                "has no field with the role " + role + ", so " + type.label() + " knowledge cannot be joined to it"));
        List<String> sequenceFields = samples.schema().fields().stream()
                .filter(f -> f.kind() == FieldKind.SEQUENCE && f.vocabulary().equals(spec.vocabulary()))
                .map(FieldSpec::name).toList();
        return new Keyed(spec, samples.vocabulary(spec.vocabulary()), sequenceFields);
    }

    private static void vectors(String storeName, KnowledgeType type, Keyed keyed, String encoderId,
                                Function<Long, EncodedEntry> entryOf, String source, List<KnowledgeInput> inputs,
                                List<Coverage> coverage) {
        Vocabulary vocabulary = keyed.vocabulary();
        int dim = -1;
        float[] vectors = null;
        int llm = 0;
        int metadata = 0;
        int missing = 0;
        for (int id = Vocabulary.FIRST_ID; id < vocabulary.size(); id++) {
            EncodedEntry entry = entityId(vocabulary, id) instanceof Long entity ? entryOf.apply(entity) : null;
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
                    + encoderId + "' for the " + keyed.field().name() + " values of these samples; "
                    + (type.form() == KnowledgeType.Form.CLUSTER ? "generate knowledge --per cluster and encode it first"
                    : "encode the store first"));
        }
        inputs.add(new KnowledgeInput(type.label(), keyed.field().name(), keyed.sequenceFields(), vectors,
                vocabulary.size(), dim));
        coverage.add(new Coverage(type.label(), vocabulary.size() - Vocabulary.FIRST_ID, llm, metadata, missing, source));
    }

    private static void codes(String storeName, KnowledgeStore store, KnowledgeType type, Keyed keyed,
                              List<KnowledgeInput> inputs, List<Coverage> coverage) {
        StoredCodes stored = store.latestCodes(type.entities()).orElseThrow(() -> new BadInputException(storeName, 0, null,
                "has no " + type.entities().label() + " codes; run knowledge codes --entities " + type.entities().label()
                        + "s first"));
        int levels = stored.run().levels();
        Map<Long, Integer> index = new HashMap<>();
        for (int i = 0; i < stored.entityIds().length; i++) {
            index.put(stored.entityIds()[i], i);
        }
        Vocabulary vocabulary = keyed.vocabulary();
        int[] codes = new int[vocabulary.size() * levels];
        java.util.Arrays.fill(codes, -1);
        int missing = 0;
        for (int id = Vocabulary.FIRST_ID; id < vocabulary.size(); id++) {
            Integer row = entityId(vocabulary, id) instanceof Long entity ? index.get(entity) : null;
            if (row == null) {
                missing++;
            } else {
                System.arraycopy(stored.codes(), row * levels, codes, id * levels, levels);
            }
        }
        inputs.add(KnowledgeInput.ofCodes(type.label(), keyed.field().name(), keyed.sequenceFields(), codes,
                vocabulary.size(), levels, stored.run().k()));
        coverage.add(new Coverage(type.label(), vocabulary.size() - Vocabulary.FIRST_ID, 0, 0, missing, "codes v"
                + stored.version() + " (" + levels + " levels × " + stored.run().k() + ")"));
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
    public static Map<Long, EncodedEntry> choose(List<EncodedEntry> entries, String model) {
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
