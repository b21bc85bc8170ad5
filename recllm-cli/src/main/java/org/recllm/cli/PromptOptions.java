package org.recllm.cli;

import java.util.ArrayList;
import java.util.List;
import org.recllm.core.io.BadInputException;
import org.recllm.data.dataset.RatingDataset;
import org.recllm.data.protocol.Protocols;
import org.recllm.knowledge.prompt.ClusterPrompts;
import org.recllm.knowledge.prompt.EntityPrompt;
import org.recllm.knowledge.prompt.HistoryWindow;
import org.recllm.knowledge.prompt.KnowledgePrompts;
import org.recllm.knowledge.prompt.PromptFitter;
import org.recllm.knowledge.scenario.Scenario;
import org.recllm.knowledge.scenario.Scenarios;
import org.recllm.knowledge.store.EntityType;
import org.recllm.knowledge.store.KnowledgeStore;
import org.recllm.knowledge.store.StoreLocation;
import org.recllm.knowledge.store.StoredClusters;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Which prompts to build: dataset, protocol, scenario, entities: shared by {@code knowledge generate} and {@code prompts}. */
final class PromptOptions {
    @Mixin
    DatasetOptions dataset;

    @Option(names = "--protocol", defaultValue = "ml100k-u1", paramLabel = "ml100k-u1|time",
            description = "Protocol whose training data user prompts show. Default: ${DEFAULT-VALUE}.")
    String protocol;

    @Option(names = "--scenario", defaultValue = "movies", paramLabel = "movies|books|FILE.yaml",
            description = "Built-in scenario or a scenario file (YAML or JSON). Default: ${DEFAULT-VALUE}.")
    String scenario;

    @Option(names = "--entities", defaultValue = "both", paramLabel = "items|users|both",
            description = "Whom to ask about. Default: ${DEFAULT-VALUE}.")
    String entities;

    @Option(names = "--limit", paramLabel = "N", description = "At most N entities (or clusters) of each type (by id).")
    Integer limit;

    @Option(names = "--per", defaultValue = "entity", paramLabel = "entity|cluster",
            description = "One prompt per entity, or one per collaborative cluster of the store's newest clustering "
                    + "(knowledge cluster), describing its members' shared taste. Default: ${DEFAULT-VALUE}.")
    String per;

    /**
     * A scenario and its prompts, items first, each type by id, with the source that groups them, what fits them to a
     * model's context, and how many entities the prompts cover (per cluster: the clusters' members).
     */
    record Built(Scenario scenario, List<EntityPrompt> prompts, KnowledgePrompts source, PromptFitter fitter,
                 int entities) {}

    boolean perCluster() {
        return switch (per) {
            case "entity" -> false;
            case "cluster" -> true;
            default -> throw new BadInputException("--per", 0, null, "expected entity or cluster, got '" + per + "'");
        };
    }

    /**
     * The prompts; per cluster, the clusters are read from {@code store} (the knowledge store, which must exist and
     * hold a clustering of each type asked about).
     */
    Built build(StoreLocation store) {
        boolean clusters = perCluster();
        if (limit != null && limit < 1) {
            throw new BadInputException("--limit", 0, null, "expected at least 1, got " + limit);
        }
        boolean items = entities.equals("items") || entities.equals("both");
        boolean users = entities.equals("users") || entities.equals("both");
        if (!items && !users) {
            throw new BadInputException("--entities", 0, null, "expected items, users or both, got '" + entities + "'");
        }
        Scenario chosen = OptionInputs.naming("scenario", "--scenario", () -> Scenarios.resolve(scenario));
        RatingDataset data = dataset.read();
        int most = limit == null ? Integer.MAX_VALUE : limit;
        HistoryWindow window = OptionInputs.naming(Protocols.SOURCE, "--protocol",
                () -> HistoryWindow.of(Protocols.byName(protocol).split(data)));
        KnowledgePrompts prompts = new KnowledgePrompts(chosen, data, window);
        List<EntityPrompt> all = new ArrayList<>();
        if (!clusters) {
            if (items) {
                all.addAll(prompts.items(most));
            }
            if (users) {
                all.addAll(prompts.users(most));
            }
            return new Built(chosen, all, prompts, prompts, all.size());
        }
        OptionInputs.require(store != null && store.exists(), "--per",
                "cluster prompts need a knowledge store with clusters (knowledge cluster); none at " + store);
        ClusterPrompts clusterPrompts = new ClusterPrompts(chosen, data, window);
        int members = 0;
        try (KnowledgeStore knowledge = store.openExisting()) {
            for (EntityType type : items && users ? List.of(EntityType.ITEM, EntityType.USER)
                    : List.of(items ? EntityType.ITEM : EntityType.USER)) {
                StoredClusters latest = knowledge.latestClusters(type).orElseThrow(() -> new BadInputException("--per", 0,
                        null, store + " has no " + type.label() + " clusters; run knowledge cluster --entities "
                                + type.label() + "s first, or ask --entities " + (type == EntityType.ITEM ? "users" : "items")));
                List<EntityPrompt> some = clusterPrompts.prompts(latest);
                all.addAll(some.subList(0, Math.min(most, some.size())));
                members += latest.entityIds().length;
            }
        }
        return new Built(chosen, all, prompts, clusterPrompts, members);
    }
}
