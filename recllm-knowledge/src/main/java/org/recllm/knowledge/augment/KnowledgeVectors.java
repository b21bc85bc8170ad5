package org.recllm.knowledge.augment;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.recllm.core.io.BadInputException;
import org.recllm.ctr.features.KnowledgeInput;
import org.recllm.ctr.features.KnowledgeVersions;
import org.recllm.data.protocol.Split;
import org.recllm.data.protocol.TemporalProtocol;
import org.recllm.data.schema.FieldKind;
import org.recllm.data.schema.FieldRole;
import org.recllm.data.schema.FieldSpec;
import org.recllm.data.schema.Vocabulary;
import org.recllm.data.store.Columns;
import org.recllm.data.store.SampleStore;
import org.recllm.knowledge.importing.MetadataTexts;
import org.recllm.knowledge.store.EncodedEntry;
import org.recllm.knowledge.store.EntityType;
import org.recllm.knowledge.store.EntryKey;
import org.recllm.knowledge.store.KnowledgeEntry;
import org.recllm.knowledge.store.KnowledgeStore;
import org.recllm.knowledge.store.StoredClusters;
import org.recllm.knowledge.store.StoredCodes;
import org.recllm.knowledge.store.StoredEntry;
import org.recllm.knowledge.streaming.StreamWindow;

/**
 * Knowledge laid out for a sample store: for each id of the vocabulary of the field with the item-id (or user-id)
 * role, one row per {@link KnowledgeType}. Text knowledge: the vector an encoder made of the entity's knowledge text —
 * LLM knowledge first (only that of {@code model} when one is named), the metadata fallback where no LLM text exists,
 * the most recent entry among equals. Cluster knowledge: the vector of the text about the entity's cluster in the
 * newest clustering, chosen by the same rule. Codes: the entity's codes in the newest code run. Streamed knowledge:
 * the versions of {@code knowledge update}, each read from its window's end on (see {@code streamed}). Where the store
 * has nothing (padding, OOV, unknown entities) a row is zero, or has no codes. A few store queries per type.
 */
public final class KnowledgeVectors {
    /**
     * How one knowledge type was assembled: ids covered by LLM text, by metadata text (for codes: neither), and ids
     * left without knowledge; {@code source} names the clustering or code run used (for streamed knowledge: the
     * versions, windows and the share of test rows that read one), or is empty.
     */
    public record Coverage(String type, int ids, int withLlmText, int withMetadataText, int missing, String source) {}

    /** The inputs for the model and what they cover. */
    public record Assembled(List<KnowledgeInput> inputs, List<Coverage> coverage) {}

    /** The keyed field of one entity type in the samples, its vocabulary, and the histories over it. */
    private record Keyed(FieldSpec field, Vocabulary vocabulary, List<String> sequenceFields) {}

    /** The year 5138 in Unix seconds; a later sample time is in a finer unit (milliseconds: any date after 1973). */
    private static final long MAX_UNIX_SECONDS = 100_000_000_000L;

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
                case STREAM -> streamed(storeName, store.encoded(type.entities(), encoderId), type, keyed, encoderId,
                        model, samples, inputs, coverage);
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

    /**
     * The streamed versions as versioned knowledge: base rows zero (nothing is known of a user before their first
     * window ends), then per entity, by raw id, its versions by window end, each the preferred entry of its window.
     * Entities outside the vocabulary keep their versions: a user new at test time reads them by raw id.
     */
    private static void streamed(String storeName, List<EncodedEntry> encoded, KnowledgeType type, Keyed keyed,
                                 String encoderId, String model, SampleStore samples, List<KnowledgeInput> inputs,
                                 List<Coverage> coverage) {
        Map<Long, Map<StreamWindow, List<EncodedEntry>>> byEntity = new TreeMap<>();
        Set<StreamWindow> windows = new HashSet<>();
        for (EncodedEntry entry : encoded) {
            StreamWindow.parse(entry.timeWindow()).ifPresent(window -> {
                byEntity.computeIfAbsent(entry.entityId(), e -> new HashMap<>())
                        .computeIfAbsent(window, w -> new ArrayList<>()).add(entry);
                windows.add(window);
            });
        }
        if (byEntity.isEmpty()) {
            throw new BadInputException(storeName, 0, null, "has no streamed " + type.entities().label()
                    + " knowledge encoded by '" + encoderId + "'; run knowledge update, then knowledge encode");
        }
        // Versions are read by sample time: that keeps held-out ratings out of training rows only when the split is
        // by time; under a random split (ml100k-u1) a training row would read versions made from test ratings.
        String protocol = samples.info().protocol();
        if (!TemporalProtocol.NAME.equals(protocol)) {
            throw new BadInputException(samples.directory(), "was split by protocol " + protocol + "; streamed "
                    + type.label() + " knowledge is read by sample time, which keeps held-out ratings out only under a "
                    + "split by time: prepare the samples with --protocol " + TemporalProtocol.NAME);
        }
        List<String> cadences = windows.stream().map(StreamWindow::cadence).distinct().sorted().toList();
        if (cadences.size() > 1) {
            throw new BadInputException(storeName, 0, null, "holds streamed versions of several cadences " + cadences
                    + ", which would interleave; keep one cadence per store");
        }
        Vocabulary vocabulary = keyed.vocabulary();
        int baseRows = vocabulary.size();
        int dim = encoded.getFirst().vector().length;
        List<Long> keys = new ArrayList<>();
        List<Integer> offsets = new ArrayList<>();
        List<Long> from = new ArrayList<>();
        List<float[]> rows = new ArrayList<>();
        Map<Long, Boolean> byLlm = new HashMap<>();
        Comparator<StreamWindow> byEnd = Comparator.comparingLong(StreamWindow::end).thenComparingLong(StreamWindow::start)
                .thenComparing(StreamWindow::cadence);
        byEntity.forEach((entity, versions) -> {
            Map<StreamWindow, EncodedEntry> chosen = new TreeMap<>(byEnd);
            versions.forEach((window, entries) -> {
                EncodedEntry best = preferred(entries, EncodedEntry::entityId, EncodedEntry::modelId,
                        EncodedEntry::createdAt, model).get(entity);
                if (best != null) {
                    chosen.put(window, best);
                }
            });
            if (chosen.isEmpty()) {
                return;
            }
            keys.add(entity);
            offsets.add(from.size());
            byLlm.put(entity, chosen.values().stream().anyMatch(e -> !e.modelId().equals(MetadataTexts.MODEL_ID)));
            chosen.forEach((window, entry) -> {
                from.add(window.end());
                rows.add(entry.vector());
            });
        });
        offsets.add(from.size());
        float[] vectors = new float[(baseRows + rows.size()) * dim];
        long[] availableFrom = new long[rows.size()];
        int[] versionRows = new int[rows.size()];
        for (int j = 0; j < rows.size(); j++) {
            System.arraycopy(rows.get(j), 0, vectors, (baseRows + j) * dim, dim);
            availableFrom[j] = from.get(j);
            versionRows[j] = baseRows + j;
        }
        int llm = 0;
        int metadata = 0;
        for (int id = Vocabulary.FIRST_ID; id < baseRows; id++) {
            Boolean fromLlm = entityId(vocabulary, id) instanceof Long entity ? byLlm.get(entity) : null;
            if (fromLlm != null) {
                llm += fromLlm ? 1 : 0;
                metadata += fromLlm ? 0 : 1;
            }
        }
        KnowledgeVersions versions = new KnowledgeVersions(baseRows, type.entities() == EntityType.USER ? Columns.USER
                : Columns.ITEM, keys.stream().mapToLong(Long::longValue).toArray(),
                offsets.stream().mapToInt(Integer::intValue).toArray(), availableFrom, versionRows);
        inputs.add(KnowledgeInput.versioned(type.label(), keyed.field().name(), keyed.sequenceFields(), vectors, dim,
                versions));
        int ids = baseRows - Vocabulary.FIRST_ID;
        coverage.add(new Coverage(type.label(), ids, llm, metadata, ids - llm - metadata,
                String.format(Locale.ROOT, "%,d versions of %,d %ss (%,d outside the vocabulary) over %d "
                        + "windows of %s; %.1f%% of test rows read one", rows.size(), keys.size(),
                        type.entities().label(), keys.size() - llm - metadata, windows.size(), cadences.getFirst(),
                        100 * testRowsWithVersion(samples, versions))));
    }

    /**
     * The share of the test split's rows whose entity has a version from before the row's time. Refuses sample times
     * that cannot be Unix seconds (window ends are): compared against milliseconds every version would look old.
     */
    private static double testRowsWithVersion(SampleStore samples, KnowledgeVersions versions) {
        var test = samples.split(Split.TEST);
        if (test.rows() == 0 || !test.columnNames().contains(versions.keyColumn())
                || !test.columnNames().contains(Columns.TIMESTAMP)) {
            return 0;
        }
        var keys = test.ints(versions.keyColumn());
        var times = test.longs(Columns.TIMESTAMP);
        int reading = 0;
        for (int row = 0; row < test.rows(); row++) {
            long time = times.get(row);
            if (time > MAX_UNIX_SECONDS) {
                throw new BadInputException(samples.directory(), "holds sample time " + time + " (test row " + row
                        + "); streamed knowledge expects Unix seconds, as its windows are");
            }
            reading += versions.row(-1, keys.get(row), time) >= 0 ? 1 : 0;
        }
        return (double) reading / test.rows();
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
     * {@code model} or any model before the metadata fallback, newest first; never a streamed version).
     */
    public static Map<Long, String> texts(KnowledgeStore store, EntityType type, String model) {
        List<KnowledgeEntry> entries = new ArrayList<>();
        long after = 0;
        for (List<StoredEntry> page = store.entries(after, 1000); !page.isEmpty(); page = store.entries(after, 1000)) {
            for (StoredEntry stored : page) {
                EntryKey key = stored.entry().key();
                if (key.entityType() == type && !StreamWindow.isStream(key.timeWindow())) {
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

    /**
     * Per entity, its preferred entry: LLM (of {@code model}, when given) before metadata, newest first; streamed
     * versions never (they hold only from their window's end on).
     */
    public static Map<Long, EncodedEntry> choose(List<EncodedEntry> entries, String model) {
        return preferred(entries.stream().filter(e -> !StreamWindow.isStream(e.timeWindow())).toList(),
                EncodedEntry::entityId, EncodedEntry::modelId, EncodedEntry::createdAt, model);
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
