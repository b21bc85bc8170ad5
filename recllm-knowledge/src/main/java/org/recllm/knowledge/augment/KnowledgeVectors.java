package org.recllm.knowledge.augment;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.recllm.core.io.BadInputException;
import org.recllm.ctr.adaptor.KnowledgeInput;
import org.recllm.data.schema.FieldKind;
import org.recllm.data.schema.FieldSpec;
import org.recllm.data.schema.Vocabulary;
import org.recllm.data.store.SampleStore;
import org.recllm.knowledge.importing.MetadataTexts;
import org.recllm.knowledge.store.EntityType;
import org.recllm.knowledge.store.KnowledgeStore;
import org.recllm.knowledge.store.StoredEntry;

/**
 * Knowledge vectors laid out for a sample store: for each id of the item (or user) vocabulary, the vector an encoder
 * made of the entity's knowledge text — LLM knowledge first (only that of {@code model} when one is named), the
 * metadata fallback where no LLM text exists, the most recent entry among equals — and a zero vector where the store
 * has nothing (padding, OOV, unknown entities).
 */
public final class KnowledgeVectors {
    /** How one knowledge type was assembled: vectors found, and ids left at zero. */
    public record Coverage(String type, int ids, int withLlmText, int withMetadataText, int missing) {}

    /** The inputs for the model and what they cover. */
    public record Assembled(List<KnowledgeInput> inputs, List<Coverage> coverage) {}

    private KnowledgeVectors() {}

    public static Assembled forSamples(KnowledgeStore store, SampleStore samples, String encoderId, String model,
                                       List<EntityType> types, String itemField, String userField) {
        List<KnowledgeInput> inputs = new ArrayList<>();
        List<Coverage> coverage = new ArrayList<>();
        for (EntityType type : types) {
            String field = type == EntityType.ITEM ? itemField : userField;
            FieldSpec spec = samples.schema().field(field);
            Vocabulary vocabulary = samples.vocabulary(spec.vocabulary());
            List<String> sequenceFields = samples.schema().fields().stream()
                    .filter(f -> f.kind() == FieldKind.SEQUENCE && f.vocabulary().equals(spec.vocabulary()))
                    .map(FieldSpec::name).toList();
            int dim = -1;
            float[] vectors = null;
            int llm = 0;
            int metadata = 0;
            int missing = 0;
            for (int id = Vocabulary.FIRST_ID; id < vocabulary.size(); id++) {
                long entity = Long.parseLong(vocabulary.value(id));
                Optional<StoredEntry> chosen = choose(store.entriesAbout(type, entity), store, encoderId, model);
                if (chosen.isEmpty()) {
                    missing++;
                    continue;
                }
                float[] vector = store.embedding(chosen.get().id(), encoderId).orElseThrow();
                if (vectors == null) {
                    dim = vector.length;
                    vectors = new float[vocabulary.size() * dim];
                }
                System.arraycopy(vector, 0, vectors, id * dim, dim);
                if (chosen.get().entry().key().modelId().equals(MetadataTexts.MODEL_ID)) {
                    metadata++;
                } else {
                    llm++;
                }
            }
            if (vectors == null) {
                throw new BadInputException("--knowledge", 0, null, "the knowledge store has no " + type.label()
                        + " vectors from encoder '" + encoderId + "' for these samples; run `recllm knowledge encode` first");
            }
            inputs.add(new KnowledgeInput(type.label(), field, sequenceFields, vectors, vocabulary.size(), dim));
            coverage.add(new Coverage(type.label(), vocabulary.size() - Vocabulary.FIRST_ID, llm, metadata, missing));
        }
        return new Assembled(inputs, coverage);
    }

    /** LLM entries (of {@code model}, when given) before metadata ones, newest first; only those the encoder has a vector for. */
    private static Optional<StoredEntry> choose(List<StoredEntry> entries, KnowledgeStore store, String encoderId,
                                                String model) {
        return entries.stream()
                .filter(e -> model == null || e.entry().key().modelId().equals(model)
                        || e.entry().key().modelId().equals(MetadataTexts.MODEL_ID))
                .filter(e -> store.encodersOf(e.id()).contains(encoderId))
                .min(Comparator.<StoredEntry, Boolean>comparing(e -> e.entry().key().modelId().equals(MetadataTexts.MODEL_ID))
                        .thenComparing(e -> e.entry().createdAt(), Comparator.reverseOrder()));
    }
}
