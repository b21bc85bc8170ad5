package org.recllm.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.recllm.core.io.BadInputException;
import org.recllm.core.report.TextTable;
import org.recllm.ctr.adaptor.AdaptorConfig;
import org.recllm.ctr.adaptor.KnowledgeConfig;
import org.recllm.ctr.features.FeatureLayout;
import org.recllm.ctr.layers.Activation;
import org.recllm.data.store.SampleStore;
import org.recllm.knowledge.augment.KnowledgeVectors;
import org.recllm.knowledge.encoder.SentenceEncoders;
import org.recllm.knowledge.store.EntityType;
import org.recllm.knowledge.store.SqliteKnowledgeStore;
import picocli.CommandLine.Option;

/** Where a model's knowledge comes from and how it is adapted: shared by {@code train} and {@code experiment kar}. */
final class KnowledgeOptions {
    @Option(names = "--knowledge", paramLabel = "STORE", description = "Knowledge store whose encoded texts augment the model.")
    Path store;

    @Option(names = "--encoder", defaultValue = "minilm",
            description = "Encoder whose vectors to use, as given to knowledge encode: minilm[#long=chunk], a model folder or "
                    + "M.gguf[#…]. "
                    + "Default: ${DEFAULT-VALUE}.")
    String encoder;

    @Option(names = "--knowledge-model", paramLabel = "ID",
            description = "Use only the LLM texts of this model id (plus metadata fallbacks); default: the newest of any model.")
    String model;

    @Option(names = "--knowledge-types", defaultValue = "item,user", split = ",",
            description = "Knowledge types: item and/or user. Default: ${DEFAULT-VALUE}.")
    List<String> types;

    @Option(names = "--adaptor", defaultValue = "hea", description = "hea (hybrid experts) or mlp. Default: ${DEFAULT-VALUE}.")
    String adaptor;

    @Option(names = "--experts", defaultValue = "2,2", split = ",",
            description = "Shared and dedicated experts per type (hea). Default: ${DEFAULT-VALUE}.")
    List<Integer> experts;

    @Option(names = "--expert-hidden", defaultValue = "128,32", split = ",", description = "Expert MLP sizes. Default: ${DEFAULT-VALUE}.")
    List<Integer> expertHidden;

    /** A one-line description for reports, or null without knowledge. */
    String describe() {
        return present() ? store + " (encoder " + encoder + ", types " + String.join(",", types) + ", adaptor " + adaptor
                + (adaptor.equals("hea") ? " " + experts.get(0) + " shared + " + experts.get(1) + " dedicated" : "")
                + ", experts " + expertHidden + ")" : null;
    }

    boolean present() {
        return store != null;
    }

    /** The knowledge configuration for these samples, or an error naming what is missing. */
    KnowledgeConfig config(SampleStore samples, PrintWriter report) {
        List<EntityType> entityTypes = new ArrayList<>();
        for (String type : types) {
            try {
                entityTypes.add(EntityType.parse(type));
            } catch (IllegalArgumentException e) {
                throw new BadInputException("--knowledge-types", 0, null, e.getMessage());
            }
        }
        AdaptorConfig.Kind kind = switch (adaptor) {
            case "hea" -> AdaptorConfig.Kind.HEA;
            case "mlp" -> AdaptorConfig.Kind.MLP;
            default -> throw new BadInputException("--adaptor", 0, null, "expected hea or mlp, got '" + adaptor + "'");
        };
        if (experts.size() != 2) {
            throw new BadInputException("--experts", 0, null, "expected SHARED,DEDICATED, got " + experts);
        }
        KnowledgeVectors.Assembled assembled;
        try (SqliteKnowledgeStore knowledge = SqliteKnowledgeStore.openExisting(store)) {
            assembled = KnowledgeVectors.forSamples(knowledge, samples, SentenceEncoders.idOf(encoder), model, entityTypes,
                    "item_id", "user_id");
        }
        TextTable coverage = new TextTable("knowledge", "ids", "LLM text", "metadata text", "none (zero vector)");
        for (KnowledgeVectors.Coverage c : assembled.coverage()) {
            coverage.add(c.type(), c.ids(), c.withLlmText(), c.withMetadataText(), c.missing());
        }
        report.print(coverage.render());
        report.flush();
        return new KnowledgeConfig(assembled.inputs(),
                new AdaptorConfig(kind, experts.get(0), experts.get(1), expertHidden, Activation.RELU, 0f));
    }

    FeatureLayout apply(SampleStore samples, FeatureLayout layout, PrintWriter report) {
        return present() ? layout.withKnowledge(config(samples, report)) : layout;
    }
}
