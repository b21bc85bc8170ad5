package org.recllm.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.recllm.core.cluster.KMeansConfig;
import org.recllm.core.io.AtomicFiles;
import org.recllm.core.io.BadInputException;
import org.recllm.core.report.TextTable;
import org.recllm.knowledge.codes.KnowledgeCodes;
import org.recllm.knowledge.encoder.SentenceEncoders;
import org.recllm.knowledge.store.EntityType;
import org.recllm.knowledge.store.KnowledgeStore;
import org.recllm.knowledge.store.StoreLocation;
import org.recllm.knowledge.store.StoredCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code recllm knowledge codes}: residual k-means codes of the knowledge vectors, stored as a new version (discrete
 * features beside the vectors, and each entity's semantic ID); or, with {@code --lookup}, the entities under a code.
 */
@Command(name = "codes", mixinStandardHelpOptions = true,
        description = "Quantise the encoded knowledge of items and/or users by residual k-means (L levels of K codes), "
                + "report how much of the vectors each level explains and how unique the code tuples are, and store the "
                + "codes, suffixes (semantic IDs) and codebooks as a new version; --lookup lists the entities under a code "
                + "prefix in the newest version.")
final class KnowledgeCodesCommand implements Callable<Integer> {

    @Option(names = "--store", required = true, paramLabel = "FILE", description = "Knowledge store with encoded texts.")
    StoreLocation store;

    @Option(names = "--levels", defaultValue = "3", paramLabel = "L", description = "Code levels. Default: ${DEFAULT-VALUE}.")
    int levels;

    @Option(names = "--k", defaultValue = "64", paramLabel = "K", description = "Codes per level. Default: ${DEFAULT-VALUE}.")
    int k;

    @Option(names = "--entities", defaultValue = "both", paramLabel = "items|users|both",
            description = "Whose knowledge to quantise (or look up). Default: ${DEFAULT-VALUE}.")
    String entities;

    @Option(names = "--encoder", defaultValue = SentenceEncoders.MINILM, paramLabel = "ENCODER",
            description = "Whose vectors, as given to knowledge encode. Default: ${DEFAULT-VALUE}.")
    String encoder;

    @Option(names = "--knowledge-model", paramLabel = "ID",
            description = "Only the LLM texts of this model id (plus metadata fallbacks). Default: the newest of any model.")
    String model;

    @Option(names = "--batch", defaultValue = "0", paramLabel = "B", description = "Mini-batch size of each level's "
            + "k-means; 0 runs full Lloyd passes. Default: ${DEFAULT-VALUE}.")
    int batch;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of level 0's k-means (level l uses seed + l). "
            + "Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--lookup", paramLabel = "CODES", description = "Instead of quantising: the entities whose semantic ID "
            + "starts with these codes (e.g. 12 or 12-3 or 12-3-40-0) in the newest version.")
    String lookup;

    @Option(names = "--report", paramLabel = "R.json", description = "Also write each run as JSON.")
    Path report;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        List<EntityType> types = switch (entities) {
            case "items" -> List.of(EntityType.ITEM);
            case "users" -> List.of(EntityType.USER);
            case "both" -> List.of(EntityType.ITEM, EntityType.USER);
            default -> throw new BadInputException("--entities", 0, null, "expected items, users or both, got '" + entities + "'");
        };
        PrintWriter out = spec.commandLine().getOut();
        if (lookup != null) {
            return lookup(types, out);
        }
        CorpusTrainingOptions.requirePositive(levels, "--levels");
        CorpusTrainingOptions.requirePositive(k, "--k");
        OptionInputs.require(levels <= 16, "--levels", "expected at most 16, got " + levels);
        OptionInputs.require(batch >= 0, "--batch", "expected 0 (Lloyd) or a positive batch, got " + batch);
        if (report != null) {
            Outputs.requireWritable(report, "--report");
        }
        KMeansConfig config = batch == 0 ? KMeansConfig.lloyd(k, seed) : KMeansConfig.miniBatch(k, seed).withBatchSize(batch);
        String encoderId = SentenceEncoders.idOf(encoder);
        TextTable table = new TextTable("entities", "n", "dim", "levels × k", "error left per level", "distinct tuples",
                "largest tuple group", "seconds", "version");
        List<Map<String, Object>> runs = new ArrayList<>();
        WritableKnowledgeStore.use(store, knowledge -> {
            for (EntityType type : types) {
                KnowledgeCodes.Result result = KnowledgeCodes.fit(knowledge, store.toString(), type, encoderId, model,
                        levels, config);
                StoredCodes stored = knowledge.putCodes(result.run(), result.entityIds(), result.codes(), result.suffixes());
                double[] relative = new double[levels];
                List<String> left = new ArrayList<>();
                for (int l = 0; l < levels; l++) {
                    relative[l] = result.run().inertia()[l] / result.energy();
                    left.add(String.format(Locale.ROOT, "%.3f", relative[l]));
                }
                table.add(type.label() + "s", result.entityIds().length, result.run().dimension(), levels + " × " + k,
                        String.join(" ", left), result.distinctTuples(), result.largestGroup(),
                        String.format(Locale.ROOT, "%.2f", result.seconds()), stored.version());
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("entities", type.label());
                json.put("version", stored.version());
                json.put("count", result.entityIds().length);
                json.put("dimension", result.run().dimension());
                json.put("levels", levels);
                json.put("k", k);
                json.put("encoder", encoderId);
                json.put("relative_error_per_level", relative);
                json.put("distinct_tuples", result.distinctTuples());
                json.put("largest_tuple_group", result.largestGroup());
                json.put("seconds", result.seconds());
                runs.add(json);
            }
            return null;
        });
        out.print(table.render());
        out.println("error left: the share of the vectors' squared norm that levels 1..l leave unexplained");
        if (report != null) {
            AtomicFiles.writeJson(report, Map.of("runs", runs));
        }
        return 0;
    }

    private int lookup(List<EntityType> types, PrintWriter out) {
        try {
            StoredCodes.requirePrefix(lookup);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--lookup", 0, null, e.getMessage());
        }
        try (KnowledgeStore knowledge = store.openExisting()) {
            TextTable table = new TextTable("entity", "id", "semantic ID", "version");
            for (EntityType type : types) {
                StoredCodes latest = knowledge.latestCodes(type).orElse(null);
                if (latest == null) {
                    continue;
                }
                for (KnowledgeStore.CodeMatch match : knowledge.entitiesWithCodes(latest.version(), lookup)) {
                    table.add(type.label(), match.entityId(), match.semanticId(), latest.version());
                }
            }
            out.print(table.render());
            return 0;
        }
    }
}
