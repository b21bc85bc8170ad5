package org.recllm.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.recllm.knowledge.importing.MetadataTexts;
import org.recllm.knowledge.store.SqliteKnowledgeStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code recllm knowledge fallback}: metadata texts for items that have no LLM knowledge (BENCHMARK.md's rule). */
@Command(name = "fallback", mixinStandardHelpOptions = true,
        description = "Add \"<title>. Genres: <genres>. Released <year>.\" for every item without knowledge "
                + "(--all: for every item, for the metadata-only ablation).")
final class KnowledgeFallbackCommand implements Callable<Integer> {
    @Option(names = "--store", required = true, paramLabel = "FILE", description = "Knowledge store (SQLite); created when absent.")
    Path store;

    @Mixin
    DatasetOptions dataset;

    @Option(names = "--scenario", paramLabel = "NAME", defaultValue = "movies",
            description = "Scenario the metadata texts are stored under (the one the LLM knowledge they stand in for uses). "
                    + "Default: ${DEFAULT-VALUE}.")
    String scenario;

    @Option(names = "--all", description = "Add the metadata text for every item, also those with LLM knowledge.")
    boolean all;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        var data = dataset.read();
        int added;
        try (SqliteKnowledgeStore knowledge = SqliteKnowledgeStore.open(store)) {
            added = all ? MetadataTexts.addAllItems(data, scenario, knowledge)
                    : MetadataTexts.addMissingItems(data, scenario, knowledge);
        }
        spec.commandLine().getOut().printf("added metadata texts for %,d of %,d items to %s%n", added, data.items().size(), store);
        return 0;
    }
}
