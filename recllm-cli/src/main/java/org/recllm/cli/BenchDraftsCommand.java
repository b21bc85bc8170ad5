package org.recllm.cli;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.recllm.core.io.AtomicFiles;
import org.recllm.core.io.BadInputException;
import org.recllm.core.report.TextTable;
import org.recllm.data.dataset.RatingDataset;
import org.recllm.data.protocol.Ml100kU1Protocol;
import org.recllm.data.protocol.Protocols;
import org.recllm.knowledge.distill.ProfileTexts;
import org.recllm.knowledge.prompt.EntityPrompt;
import org.recllm.knowledge.prompt.HistoryWindow;
import org.recllm.knowledge.prompt.KnowledgePrompts;
import org.recllm.knowledge.scenario.Scenarios;
import org.recllm.knowledge.store.EntityType;
import org.recllm.llm.LanguageModel;
import org.recllm.llm.speculative.RetrievalPool;
import org.recllm.llm.speculative.SpeculationStats;
import org.recllm.llm.speculative.SpeculativeConfig;
import org.recllm.llm.speculative.SpeculativeMode;
import org.recllm.llm.speculative.TeacherForcedDrafts;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code recllm bench drafts}: how well pools of earlier answers draft real LLM profiles (teacher-forced acceptance),
 * per entity type and per group, with personalised pools (one per genre group) against one shared pool, and the
 * speed-up that acceptance allows given an engine's measured cost of k-position passes.
 */
@Command(name = "drafts", mixinStandardHelpOptions = true,
        description = "Teacher-forced acceptance of drafts from pools of earlier answers on the imported LLM profiles: each "
                + "profile, in id order, is 'generated' with drafts from its group's pool (then joins it), a draft "
                + "accepted up to its first token that differs from the profile. Items and users separately; pools per "
                + "genre group and one shared pool; with --costs (`recllm llm bench --out` reports), the speed-up each "
                + "model's k-position cost allows.")
final class BenchDraftsCommand implements Callable<Integer> {
    @Option(names = "--knowledge-dir", required = true, paramLabel = "DIR",
            description = "Folder with the LLM profiles: " + TeacherProfiles.LAYOUT + ".")
    Path knowledgeDir;

    @Mixin
    DatasetOptions dataset;

    @Option(names = "--model", required = true, paramLabel = "M.gguf", description = "GGUF model whose tokenizer splits the texts.")
    Path model;

    @Mixin
    DraftOptions draft;

    @Option(names = "--costs", arity = "1..*", paramLabel = "BENCH.json",
            description = "`recllm llm bench --out` reports: their forward_time_relative_to_k1 turn acceptance into a speed-up.")
    List<Path> costs = List.of();

    @Option(names = "--out", paramLabel = "R.json", description = "Write the figures here.")
    Path out;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** One pooling of one entity type. */
    record Row(String entities, String pooling, int pools, long texts, long tokens, double acceptance,
               @JsonProperty("mean_accepted_length") double meanAcceptedLength,
               @JsonProperty("tokens_per_pass") double tokensPerPass,
               @JsonProperty("retrieval_us_per_token") double retrievalMicrosPerToken,
               @JsonProperty("projected_speedup") Map<String, Double> projectedSpeedup,
               @JsonProperty("projected_speedup_cost_policy") Map<String, Double> projectedSpeedupCostPolicy,
               @JsonProperty("by_group") Map<String, Group> byGroup) {}

    record Group(long texts, double acceptance, @JsonProperty("tokens_per_pass") double tokensPerPass) {}

    record Report(String tokenizer, @JsonProperty("max_draft") int maxDraft,
                  @JsonProperty("cost_relative_to_k1") Map<String, double[]> costs, List<Row> rows) {}

    @Override
    public Integer call() {
        // Teacher-forced drafts are checked strictly, under both draft policies: these options would change nothing.
        for (String ignored : List.of("--draft-policy", "--draft-top-k", "--draft-threshold")) {
            if (spec.commandLine().getParseResult().hasMatchedOption(ignored)) {
                throw new BadInputException(ignored, 0, null, "bench drafts checks drafts strictly (a draft token is kept "
                        + "when it is the profile's next token) under both draft policies; this option does not apply");
            }
        }
        Outputs.requireWritable(out, "--out");
        // Acceptance-sized drafts here; the cost policy runs per cost table below.
        SpeculativeConfig config = draft.config(SpeculativeMode.STRICT);
        Map<String, double[]> costByModel = new LinkedHashMap<>();
        for (Path file : costs) {
            costByModel.put(file.getFileName().toString(), costs(file, config.maxDraft() + 1));
        }
        RatingDataset data = dataset.read();
        KnowledgePrompts prompts = new KnowledgePrompts(Scenarios.resolve("movies"), data,
                HistoryWindow.of(Protocols.byName(Ml100kU1Protocol.NAME).split(data)));
        List<Row> rows = new ArrayList<>();
        try (LanguageModel llm = LanguageModel.open(model)) {
            for (EntityType type : List.of(EntityType.ITEM, EntityType.USER)) {
                ProfileTexts profiles = TeacherProfiles.read(knowledgeDir, type);
                List<EntityPrompt> entities = (type == EntityType.ITEM ? prompts.items(Integer.MAX_VALUE)
                        : prompts.users(Integer.MAX_VALUE)).stream().filter(p -> profiles.of(p.entityId()) != null).toList();
                List<int[]> texts = entities.stream().map(p -> llm.tokenizer().encode(profiles.of(p.entityId()))).toList();
                String label = type == EntityType.ITEM ? "items" : "users";
                System.err.printf(Locale.ROOT, "bench drafts: %s, %,d profiles…%n", label, texts.size());
                rows.add(run(label, "genre", entities, texts, prompts::genreGroup, config, costByModel));
                rows.add(run(label, "shared", entities, texts, p -> "all", config, costByModel));
            }
        }
        print(rows, costByModel.keySet());
        if (out != null) {
            AtomicFiles.writeJson(out, new Report(model.getFileName().toString(), config.maxDraft(), costByModel, rows));
            spec.commandLine().getOut().println("written: " + out);
        }
        return 0;
    }

    private Row run(String label, String pooling, List<EntityPrompt> entities, List<int[]> texts,
                    Function<EntityPrompt, String> grouping, SpeculativeConfig config, Map<String, double[]> costByModel) {
        Map<String, TeacherForcedDrafts.Tally> tallies = simulate(entities, texts, grouping, config);
        TeacherForcedDrafts.Tally all = total(tallies, config.maxDraft());
        Map<String, Group> byGroup = new LinkedHashMap<>();
        tallies.forEach((group, tally) -> byGroup.put(group, new Group(tally.texts(), tally.stats().acceptance(),
                tally.stats().tokensPerPass())));
        Map<String, Double> speedups = new LinkedHashMap<>();
        Map<String, Double> costPolicy = new LinkedHashMap<>();
        costByModel.forEach((name, cost) -> {
            speedups.put(name, all.stats().ceiling(cost));
            // Drafts sized by this engine's own costs: a simulation of its own.
            costPolicy.put(name, total(simulate(entities, texts, grouping, config.withPassCosts(cost)), config.maxDraft())
                    .stats().ceiling(cost));
        });
        SpeculationStats stats = all.stats();
        return new Row(label, pooling, tallies.size(), all.texts(), all.tokens(), stats.acceptance(),
                stats.meanAcceptedLength(), stats.tokensPerPass(), stats.retrievalNanos() / 1e3 / all.tokens(), speedups,
                costPolicy, byGroup);
    }

    /** Each text in order through its group's pool; tallies by group. */
    private Map<String, TeacherForcedDrafts.Tally> simulate(List<EntityPrompt> entities, List<int[]> texts,
                                                            Function<EntityPrompt, String> grouping, SpeculativeConfig config) {
        Map<String, RetrievalPool> pools = new TreeMap<>();
        Map<String, TeacherForcedDrafts.Tally> tallies = new TreeMap<>();
        for (int i = 0; i < texts.size(); i++) {
            String group = grouping.apply(entities.get(i));
            TeacherForcedDrafts.run(texts.get(i), pools.computeIfAbsent(group, g -> new RetrievalPool(draft.poolSettings())),
                    config, tallies.computeIfAbsent(group, g -> new TeacherForcedDrafts.Tally(config.maxDraft())));
        }
        return tallies;
    }

    private static TeacherForcedDrafts.Tally total(Map<String, TeacherForcedDrafts.Tally> tallies, int maxDraft) {
        TeacherForcedDrafts.Tally all = new TeacherForcedDrafts.Tally(maxDraft);
        tallies.values().forEach(all::add);
        return all;
    }

    /**
     * cost[k] for k = 1 … {@code positions} from a bench report's measured k (linear between measured neighbours);
     * refused when the report stops short of {@code positions}.
     */
    static double[] costs(Path file, int positions) {
        JsonNode relative;
        try {
            relative = AtomicFiles.JSON.readTree(Files.readString(file)).get("forward_time_relative_to_k1");
        } catch (NoSuchFileException e) {
            throw new BadInputException(file, "file not found");
        } catch (JsonProcessingException e) {
            // The original message: getMessage() adds the parser's location on a second line.
            throw new BadInputException(file, "not a JSON report: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new BadInputException(file, "cannot be read: " + e.getMessage());
        }
        if (relative == null || !relative.isObject()) {
            throw new BadInputException(file, 0, "forward_time_relative_to_k1", "expected the object `recllm llm bench --out` writes");
        }
        TreeMap<Integer, Double> measured = new TreeMap<>();
        relative.fields().forEachRemaining(e -> {
            int k;
            try {
                k = Integer.parseInt(e.getKey());
            } catch (NumberFormatException notANumber) {
                k = 0;
            }
            double cost = e.getValue().isNumber() ? e.getValue().asDouble() : Double.NaN;
            if (k < 1 || !(cost > 0) || Double.isInfinite(cost)) {
                throw new BadInputException(file, 0, "forward_time_relative_to_k1", "expected positions k ≥ 1 with positive "
                        + "relative times, got \"" + e.getKey() + "\": " + e.getValue());
            }
            measured.put(k, cost);
        });
        if (measured.isEmpty() || measured.lastKey() < positions || !measured.containsKey(1)) {
            throw new BadInputException(file, 0, "forward_time_relative_to_k1", "needs k = 1 to at least " + positions
                    + " (drafts of up to " + (positions - 1) + " tokens), has " + measured.keySet());
        }
        double[] cost = new double[positions + 1];
        for (int k = 1; k <= positions; k++) {
            Map.Entry<Integer, Double> low = measured.floorEntry(k);
            Map.Entry<Integer, Double> high = measured.ceilingEntry(k);
            cost[k] = low.getKey().equals(high.getKey()) ? low.getValue()
                    : low.getValue() + (high.getValue() - low.getValue()) * (k - low.getKey()) / (high.getKey() - low.getKey());
        }
        return cost;
    }

    private void print(List<Row> rows, Iterable<String> models) {
        List<String> header = new ArrayList<>(List.of("entities", "pools", "profiles", "tokens", "acceptance",
                "accepted/pass", "tokens/pass", "retrieval µs/token"));
        models.forEach(name -> header.add(name.replace(".json", "") + " (acceptance / cost policy)"));
        TextTable table = new TextTable(header.toArray(String[]::new));
        for (Row row : rows) {
            List<Object> cells = new ArrayList<>(List.of(row.entities(), row.pooling() + " (" + row.pools() + ")",
                    String.format(Locale.ROOT, "%,d", row.texts()), String.format(Locale.ROOT, "%,d", row.tokens()),
                    String.format(Locale.ROOT, "%.1f%%", 100 * row.acceptance()),
                    String.format(Locale.ROOT, "%.2f", row.meanAcceptedLength()),
                    String.format(Locale.ROOT, "%.2f", row.tokensPerPass()),
                    String.format(Locale.ROOT, "%.2f", row.retrievalMicrosPerToken())));
            row.projectedSpeedup().forEach((name, v) -> cells.add(String.format(Locale.ROOT, "%.2f× / %.2f×", v,
                    row.projectedSpeedupCostPolicy().get(name))));
            table.add(cells.toArray());
        }
        spec.commandLine().getOut().print(table.render());
        spec.commandLine().getOut().println("(teacher-forced: a draft token counts as accepted when it is the profile's next "
                + "token; speed-up = tokens per pass over the cost of those passes from each bench report, retrieval excluded)");
    }
}
