package org.recllm.knowledge.augment;

import java.util.List;
import org.recllm.data.store.SampleStore;
import org.recllm.knowledge.encoder.SentenceEncoders;
import org.recllm.knowledge.store.KnowledgeStore;
import org.recllm.knowledge.store.StoreLocation;

/**
 * Where a model's knowledge comes from: a knowledge store, the encoder whose vectors to use (as given to the encoding
 * job: {@code minilm}, a model folder, {@code M.gguf#…}), optionally one LLM's texts only, and the knowledge types.
 */
public record KnowledgeSource(StoreLocation store, String encoder, String model, List<KnowledgeType> types) {

    public KnowledgeSource {
        if (store == null || encoder == null || encoder.isBlank() || types == null || types.isEmpty()) {
            throw new IllegalArgumentException("knowledge needs a store, an encoder and at least one entity type");
        }
        types = List.copyOf(types);
    }

    /** The vectors aligned with {@code samples}' id vocabularies, read in one query per type. */
    public KnowledgeVectors.Assembled assemble(SampleStore samples) {
        try (KnowledgeStore knowledge = store.openExisting()) {
            return KnowledgeVectors.forSamples(knowledge, store.toString(), samples, SentenceEncoders.idOf(encoder), model,
                    types);
        }
    }

    /** Whether the model is given the knowledge text about the {@code entities} themselves (item or user type). */
    public boolean givesTextAbout(org.recllm.knowledge.store.EntityType entities) {
        return types.stream().anyMatch(t -> t.form() == KnowledgeType.Form.TEXT && t.entities() == entities);
    }

    /** One line for reports. */
    public String describe() {
        return store + " (encoder " + encoder + ", types " + String.join(",", types.stream().map(KnowledgeType::label).toList())
                + (model == null ? "" : ", texts of " + model) + ")";
    }
}
