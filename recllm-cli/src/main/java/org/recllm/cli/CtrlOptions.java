package org.recllm.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.recllm.core.io.BadInputException;
import org.recllm.core.optim.OptimizerConfig;
import org.recllm.ctr.alignment.AlignmentConfig;
import org.recllm.ctr.alignment.AlignmentTexts;
import org.recllm.ctr.alignment.ContrastiveAlignment;
import org.recllm.ctr.features.FeatureLayout;
import org.recllm.ctr.inputs.ModelInputs;
import org.recllm.ctr.models.ModelSpec;
import org.recllm.data.protocol.Split;
import org.recllm.data.store.SampleStore;
import org.recllm.knowledge.alignment.AlignmentTextBuilder;
import org.recllm.knowledge.alignment.SampleTemplate;
import org.recllm.knowledge.augment.KnowledgeSource;
import org.recllm.knowledge.augment.KnowledgeVectors;
import org.recllm.knowledge.encoder.SentenceEncoder;
import org.recllm.knowledge.encoder.SentenceEncoders;
import org.recllm.knowledge.store.EntityType;
import org.recllm.knowledge.store.KnowledgeStore;
import picocli.CommandLine.Option;

/** CTRL's stage-1 settings and the sample texts it aligns with, shared by {@code train --ctrl} and {@code experiment ctrl}. */
final class CtrlOptions {
    @Option(names = "--ctrl-epochs", paramLabel = "N", description = "Alignment epochs before supervised training. Default: "
            + AlignmentConfig.DEFAULT_EPOCHS + ".")
    Integer epochs;

    @Option(names = "--ctrl-temperature", paramLabel = "T", description = "InfoNCE temperature. Default: "
            + AlignmentConfig.DEFAULT_TEMPERATURE + " (the paper's).")
    Float temperature;

    @Option(names = "--ctrl-dim", paramLabel = "D", description = "Shared space of the two views. Default: 128.")
    Integer dim;

    @Option(names = "--ctrl-batch", paramLabel = "B", description = "Rows per contrastive batch (in-batch negatives). Default: 1024.")
    Integer batch;

    @Option(names = "--ctrl-accumulation", paramLabel = "N", description = "Batches per optimizer step. Default: 1.")
    Integer accumulation;

    @Option(names = "--ctrl-fine-weight", paramLabel = "W", description = "Weight of the fine-grained (field-to-token) term; 0 turns it off. Default: 1.")
    Float fineWeight;

    @Option(names = "--ctrl-fine-group", paramLabel = "G", description = "Rows per fine-grained contrast group. Default: 16.")
    Integer fineGroup;

    @Option(names = "--ctrl-encoder", paramLabel = "ENCODER", description = "Frozen text encoder: minilm, a model folder or M.gguf[#…]. Default: minilm.")
    String encoder = SentenceEncoders.MINILM;

    @Option(names = "--ctrl-texts", defaultValue = "segments", paramLabel = "segments|whole",
            description = "How a row's text vector is made: from its segments, each encoded once (seconds), or by encoding "
                    + "each row's whole text (one encoder pass per row: minutes). Default: ${DEFAULT-VALUE}.")
    String textMode;

    @Option(names = "--ctrl-history", paramLabel = "N", description = "Latest history items named in a sample's text. Default: 5.")
    int history = 5;

    @Option(names = "--ctrl-knowledge-words", paramLabel = "N",
            description = "Words of a user's or item's knowledge text in the sample text, when the run has knowledge. Default: 48.")
    int knowledgeWords = 48;

    @Option(names = "--ctrl-data", paramLabel = "DIR",
            description = "Dataset folder for item titles in the texts. Default: the folder the samples were prepared from.")
    Path data;

    AlignmentConfig config() {
        AlignmentConfig defaults = AlignmentConfig.defaults();
        try {
            return new AlignmentConfig(or(epochs, defaults.epochs()), or(temperature, defaults.temperature()),
                    or(dim, defaults.sharedDim()), defaults.projectionHidden(), or(fineWeight, defaults.fineWeight()),
                    defaults.fineDim(), or(fineGroup, defaults.fineGroup()), or(batch, defaults.batchSize()),
                    or(accumulation, defaults.accumulation()));
        } catch (IllegalArgumentException e) {
            throw new BadInputException(optionOf(e.getMessage()), 0, null, e.getMessage());
        }
    }

    /**
     * Stage 1 over {@code layout}, aligned with the texts of the training rows; with {@code knowledge}, each text also
     * carries the user's and the item's knowledge text.
     */
    ContrastiveAlignment alignment(SampleStore store, FeatureLayout layout, KnowledgeSource knowledge,
                                   OptimizerConfig optimizer, PrintWriter out) {
        return new ContrastiveAlignment(store, layout, texts(store, knowledge, out), config(), optimizer,
                message -> TrainCommand.logLine(out, message));
    }

    /** Fails with a message naming {@code option} when a model has no field embeddings for stage 1 to align. */
    static void requireEmbeddings(java.util.List<ModelSpec> models, ModelInputs inputs, String option) {
        for (ModelSpec model : models) {
            if (model.build(inputs, 0).inputEmbedding() == null) {
                throw new BadInputException(option, 0, null, "CTRL aligns a model's field embeddings; " + model.name()
                        + " has none (use a model with embeddings, e.g. deepfm)");
            }
        }
    }

    /** The encoded texts of the training rows. */
    AlignmentTexts texts(SampleStore store, KnowledgeSource knowledge, PrintWriter out) {
        boolean whole = switch (textMode) {
            case "segments" -> false;
            case "whole" -> true;
            default -> throw new BadInputException("--ctrl-texts", 0, null, "expected segments or whole, got '" + textMode + "'");
        };
        SampleTemplate template = template(store, knowledge, out);
        SampleTemplate.Segments segments = template.segments(store.split(Split.TRAIN));
        out.printf(Locale.ROOT, "CTRL texts: %,d training rows from %,d distinct segments, e.g.%n  %s%n", segments.rows(),
                segments.texts().size(), segments.text(segments.rows() - 1));
        out.flush();
        try (SentenceEncoder textEncoder = openEncoder()) {
            AlignmentTextBuilder builder = builder(textEncoder);
            AlignmentTexts texts = builder.build(segments, template.settings().describe());
            return whole ? builder.wholeTextPooling(texts, segments) : texts;
        }
    }

    SampleTemplate template(SampleStore store, KnowledgeSource knowledge, PrintWriter out) {
        if (history < 0 || knowledgeWords < 0) {
            throw new BadInputException("--ctrl-history", 0, null, "history items and knowledge words must be ≥ 0");
        }
        return new SampleTemplate(store, new SampleTemplate.Settings(StoreDataset.read(store, data, "--ctrl-data", out),
                knowledgeTexts(knowledge, EntityType.USER), knowledgeTexts(knowledge, EntityType.ITEM), history, knowledgeWords));
    }

    SentenceEncoder openEncoder() {
        return SentenceEncoders.open(encoder);
    }

    AlignmentTextBuilder builder(SentenceEncoder textEncoder) {
        return new AlignmentTextBuilder(textEncoder, AlignmentTextBuilder.DEFAULT_TOKENS_PER_SEGMENT,
                AlignmentTextBuilder.DEFAULT_TOKENS_PER_ROW);
    }

    /** One line for reports. */
    String describe() {
        return "CTRL " + config() + ", encoder " + encoder + ", history " + history
                + (textMode.equals("whole") ? ", whole-text vectors" : "");
    }

    private static Map<Long, String> knowledgeTexts(KnowledgeSource source, EntityType type) {
        if (source == null || !source.givesTextAbout(type)) {
            return Map.of();
        }
        try (KnowledgeStore store = source.store().openExisting()) {
            return KnowledgeVectors.texts(store, type, source.model());
        }
    }

    /** The option behind one of {@link AlignmentConfig}'s messages. */
    private static String optionOf(String message) {
        for (String[] pair : new String[][] {{"epochs", "--ctrl-epochs"}, {"temperature", "--ctrl-temperature"},
                {"projection", "--ctrl-dim"}, {"the fine-grained weight", "--ctrl-fine-weight"},
                {"the fine-grained group", "--ctrl-fine-group"}, {"a contrastive batch", "--ctrl-batch"},
                {"accumulation", "--ctrl-accumulation"}}) {
            if (message.startsWith(pair[0])) {
                return pair[1];
            }
        }
        return "--ctrl-*";
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }
}
