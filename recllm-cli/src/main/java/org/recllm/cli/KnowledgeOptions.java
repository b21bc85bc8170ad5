package org.recllm.cli;

import java.io.PrintWriter;
import java.util.List;
import org.recllm.core.io.BadInputException;
import org.recllm.core.report.TextTable;
import org.recllm.ctr.adaptor.AdaptorConfig;
import org.recllm.ctr.layers.Activation;
import org.recllm.data.store.SampleStore;
import org.recllm.knowledge.augment.KnowledgeSource;
import org.recllm.knowledge.augment.KnowledgeType;
import org.recllm.knowledge.augment.KnowledgeVectors;
import org.recllm.knowledge.experiment.ExperimentFile;
import org.recllm.knowledge.store.StoreLocation;
import picocli.CommandLine.Option;

/**
 * Where a model's knowledge comes from and how it is adapted, shared by the commands that train. A value given here
 * overrides the experiment file's knowledge section, which overrides the default.
 */
final class KnowledgeOptions {
    @Option(names = "--knowledge", paramLabel = "STORE", description = "Knowledge store whose encoded texts augment the model: a SQLite file or a jdbc:postgresql:// URL.")
    StoreLocation store;

    @Option(names = "--encoder", paramLabel = "ENCODER",
            description = "Encoder whose vectors to use, as given to knowledge encode: minilm[#long=chunk], a model folder or "
                    + "M.gguf[#…]. Default: minilm.")
    String encoder;

    @Option(names = "--knowledge-model", paramLabel = "ID",
            description = "Use only the LLM texts of this model id (plus metadata fallbacks). Default: the newest of any model.")
    String model;

    @Option(names = "--knowledge-types", split = ",", paramLabel = "TYPE",
            description = "Knowledge types: item, user, item-cluster, user-cluster (cluster: both), item-codes, user-codes "
                    + "(codes: both). Default: item,user.")
    List<String> types;

    @Option(names = "--adaptor", paramLabel = "KIND", description = "hea (hybrid experts) or mlp. Default: hea.")
    String adaptor;

    @Option(names = "--experts", split = ",", paramLabel = "S,D",
            description = "Shared and dedicated experts per type (hea). Default: 2,2.")
    List<Integer> experts;

    @Option(names = "--expert-hidden", split = ",", paramLabel = "H",
            description = "Expert MLP sizes. Default: 128,32.")
    List<Integer> expertHidden;

    /** The knowledge source, or null when neither this option nor the file names a store. */
    KnowledgeSource source(ExperimentFile file) {
        ExperimentFile.Knowledge given = file.knowledgeOrEmpty();
        StoreLocation storePath = store != null ? store : given.store() != null ? StoreLocation.parse(given.store()) : null;
        if (storePath == null) {
            return null;
        }
        List<KnowledgeType> knowledgeTypes;
        try {
            knowledgeTypes = KnowledgeType.parse(ExperimentOptions.first(types, given.types(), List.of("item", "user")));
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--knowledge-types", 0, null, e.getMessage());
        }
        return new KnowledgeSource(storePath, ExperimentOptions.first(encoder, given.encoder(), "minilm"), ExperimentOptions.first(model, given.model(), null),
                knowledgeTypes);
    }

    /** The adaptor configuration (used only when there is knowledge). */
    AdaptorConfig adaptor(ExperimentFile file) {
        ExperimentFile.Knowledge given = file.knowledgeOrEmpty();
        AdaptorConfig defaults = AdaptorConfig.defaults();
        String kindName = ExperimentOptions.first(adaptor, given.adaptor(), "hea");
        AdaptorConfig.Kind kind = switch (kindName) {
            case "hea" -> AdaptorConfig.Kind.HEA;
            case "mlp" -> AdaptorConfig.Kind.MLP;
            default -> throw new BadInputException("--adaptor", 0, null, "expected hea or mlp, got '" + kindName + "'");
        };
        List<Integer> counts = ExperimentOptions.first(experts, given.experts(), List.of(defaults.sharedExperts(), defaults.dedicatedExperts()));
        if (counts.size() != 2 || counts.get(0) < 0 || counts.get(1) < 0 || counts.get(0) + counts.get(1) > 64) {
            throw new BadInputException("--experts", 0, null, "expected SHARED,DEDICATED (0 to 64 in all), got " + counts);
        }
        List<Integer> hidden = ExperimentOptions.first(expertHidden, given.expertHidden(), defaults.expertHidden());
        if (hidden.isEmpty() || hidden.stream().anyMatch(h -> h < 1 || h > 65_536)) {
            throw new BadInputException("--expert-hidden", 0, null, "expected layer sizes from 1 to 65536, got " + hidden);
        }
        try {
            return new AdaptorConfig(kind, counts.get(0), counts.get(1), hidden, Activation.RELU, 0f);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--experts", 0, null, e.getMessage());
        }
    }

    /** The vectors for these samples, with their coverage printed as a table. */
    static KnowledgeVectors.Assembled assemble(KnowledgeSource source, SampleStore samples, PrintWriter out) {
        KnowledgeVectors.Assembled assembled = source.assemble(samples);
        TextTable coverage = new TextTable("knowledge", "ids", "LLM text", "metadata text", "none", "from");
        for (KnowledgeVectors.Coverage c : assembled.coverage()) {
            coverage.add(c.type(), c.ids(), c.withLlmText(), c.withMetadataText(), c.missing(), c.source());
        }
        out.print(coverage.render());
        out.flush();
        return assembled;
    }

    /** A one-line description for reports. */
    static String describe(KnowledgeSource source, AdaptorConfig adaptor) {
        return source.describe() + ", adaptor " + adaptor.kind().name().toLowerCase(java.util.Locale.ROOT)
                + (adaptor.kind() == AdaptorConfig.Kind.HEA ? " " + adaptor.sharedExperts() + " shared + "
                + adaptor.dedicatedExperts() + " dedicated" : "") + ", experts " + adaptor.expertHidden();
    }
}
