package org.recllm.serve.bundle;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.recllm.ctr.adaptor.AdaptorConfig;
import org.recllm.data.schema.Schema;

/**
 * What a model bundle says of itself ({@code manifest.json}, written last): the model and its complete
 * configuration, the samples it was trained on, their schema, its knowledge inputs and adaptor, and the train
 * report of the run it comes from.
 *
 * @param modelVersion the model's name and the first 12 hex digits of its weights file's SHA-256: equal bundles,
 *                     equal versions
 * @param adaptor      the knowledge adaptor, null when the model has no knowledge inputs
 * @param seed         the seed whose weights the bundle holds (the best by validation AUC when several were trained)
 */
public record BundleManifest(
        int format,
        @JsonProperty("model_version") String modelVersion,
        String model,
        JsonNode config,
        AdaptorConfig adaptor,
        List<KnowledgeShape> knowledge,
        @JsonProperty("knowledge_source") String knowledgeSource,
        String dataset,
        String protocol,
        @JsonProperty("samples_id") String samplesId,
        @JsonProperty("history_length") int historyLength,
        Schema schema,
        long seed,
        @JsonProperty("created_at") String createdAt,
        @JsonProperty("train_report") JsonNode trainReport) {

    /** The bundle layout this RecLLM writes and reads. */
    public static final int FORMAT = 1;

    public BundleManifest {
        knowledge = knowledge == null ? List.of() : List.copyOf(knowledge);
    }
}
