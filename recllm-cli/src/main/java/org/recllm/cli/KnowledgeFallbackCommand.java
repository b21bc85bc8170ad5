package org.recllm.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.recllm.data.dataset.RatingDataset;
import org.recllm.data.protocol.Protocols;
import org.recllm.knowledge.importing.MetadataTexts;
import org.recllm.knowledge.prompt.ClusterPrompts;
import org.recllm.knowledge.prompt.EntityPrompt;
import org.recllm.knowledge.prompt.HistoryWindow;
import org.recllm.knowledge.prompt.UserFacts;
import org.recllm.knowledge.scenario.Scenario;
import org.recllm.knowledge.scenario.Scenarios;
import org.recllm.knowledge.store.EntityType;
import org.recllm.knowledge.store.KnowledgeStore;
import org.recllm.knowledge.store.StoreLocation;
import org.recllm.knowledge.store.StoredClusters;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code recllm knowledge fallback}: metadata texts for items that have no LLM knowledge (BENCHMARK.md's rule), fact
 * texts for users, or fact texts for the clusters of the newest clusterings that have none.
 */
@Command(name = "fallback", mixinStandardHelpOptions = true,
        description = "Add \"<title>. Genres: <genres>. Released <year>.\" for every item without knowledge "
                + "(--all: for every item, for the metadata-only ablation); with --per cluster, add to each cluster of the "
                + "newest item and user clusterings without knowledge the facts a cluster prompt would show (its most "
                + "rated items and genres under --protocol), stored as metadata; with --entities users, add to each user "
                + "without knowledge their latest ratings and ratings by genre in the training data of --protocol.")
final class KnowledgeFallbackCommand implements Callable<Integer> {
    @Option(names = "--store", required = true, paramLabel = "STORE",
            description = "Knowledge store: a SQLite file or a jdbc:postgresql:// URL; created when absent.")
    StoreLocation store;

    @Mixin
    DatasetOptions dataset;

    @Option(names = "--scenario", paramLabel = "NAME", defaultValue = "movies",
            description = "Scenario the metadata texts are stored under (the one the LLM knowledge they stand in for uses). "
                    + "Default: ${DEFAULT-VALUE}.")
    String scenario;

    @Option(names = "--all", description = "Add the metadata text for every item, also those with LLM knowledge.")
    boolean all;

    @Option(names = "--entities", defaultValue = "items", paramLabel = "items|users",
            description = "Whose texts to add per entity. Default: ${DEFAULT-VALUE}.")
    String entities;

    @Option(names = "--per", defaultValue = "entity", paramLabel = "entity|cluster",
            description = "Items (entity) or the clusters of the newest clusterings (cluster). Default: ${DEFAULT-VALUE}.")
    String per;

    @Option(names = "--protocol", defaultValue = "ml100k-u1", paramLabel = "ml100k-u1|time",
            description = "For --per cluster and users: the protocol whose training data the facts come from. "
                    + "Default: ${DEFAULT-VALUE}.")
    String protocol;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        OptionInputs.require(per.equals("entity") || per.equals("cluster"), "--per", "expected entity or cluster, got '"
                + per + "'");
        OptionInputs.require(entities.equals("items") || entities.equals("users"), "--entities",
                "expected items or users, got '" + entities + "'");
        var data = dataset.read();
        if (per.equals("cluster")) {
            return clusters(data);
        }
        if (entities.equals("users")) {
            return users(data);
        }
        int added;
        try (KnowledgeStore knowledge = store.open()) {
            added = all ? MetadataTexts.addAllItems(data, scenario, knowledge)
                    : MetadataTexts.addMissingItems(data, scenario, knowledge);
        }
        spec.commandLine().getOut().printf("added metadata texts for %,d of %,d items to %s%n", added, data.items().size(), store);
        return 0;
    }

    private int users(RatingDataset data) {
        OptionInputs.require(!all, "--all", "applies to items only");
        Scenario chosen = OptionInputs.naming("scenario", "--scenario", () -> Scenarios.resolve(scenario));
        HistoryWindow window = OptionInputs.naming(Protocols.SOURCE, "--protocol",
                () -> HistoryWindow.of(Protocols.byName(protocol).split(data)));
        List<EntityPrompt> facts = window.users().stream().map(user -> new EntityPrompt(EntityType.USER, user,
                window.name(), UserFacts.text(data, window.of(user)))).toList();
        int added = WritableKnowledgeStore.use(store, knowledge -> MetadataTexts.addMissing(facts, chosen.name(), knowledge));
        spec.commandLine().getOut().printf("added fact texts for %,d of %,d users (%s) to %s%n", added, facts.size(),
                window.name(), store);
        return 0;
    }

    private int clusters(RatingDataset data) {
        OptionInputs.require(!all, "--all", "applies to items only");
        Scenario chosen = OptionInputs.naming("scenario", "--scenario", () -> Scenarios.resolve(scenario));
        HistoryWindow window = OptionInputs.naming(Protocols.SOURCE, "--protocol",
                () -> HistoryWindow.of(Protocols.byName(protocol).split(data)));
        ClusterPrompts facts = new ClusterPrompts(chosen, data, window);
        try (KnowledgeStore knowledge = store.openExisting()) {
            int clusters = 0;
            int added = 0;
            for (EntityType type : List.of(EntityType.ITEM, EntityType.USER)) {
                StoredClusters latest = knowledge.latestClusters(type).orElse(null);
                if (latest != null) {
                    List<EntityPrompt> texts = facts.facts(latest);
                    clusters += texts.size();
                    added += MetadataTexts.addMissing(texts, chosen.name(), knowledge);
                }
            }
            OptionInputs.require(clusters > 0, "--per", store + " has no clusters; run knowledge cluster first");
            spec.commandLine().getOut().printf("added fact texts for %,d of %,d clusters to %s%n", added, clusters, store);
        }
        return 0;
    }
}
