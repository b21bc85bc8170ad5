package org.recllm.cli;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.recllm.core.report.TextTable;
import org.recllm.knowledge.store.EntityType;
import org.recllm.knowledge.store.KnowledgeStatistics;
import org.recllm.knowledge.store.KnowledgeStore;
import org.recllm.knowledge.store.StoreLocation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code recllm knowledge stats}: entries by type, scenario and model with token totals; vectors per encoder. */
@Command(name = "stats", mixinStandardHelpOptions = true, description = "Summarise a knowledge store: entries, vectors, "
        + "the newest user and item clusters.")
final class KnowledgeStatsCommand implements Callable<Integer> {
    @Option(names = "--store", required = true, paramLabel = "FILE", description = "Knowledge store.")
    StoreLocation store;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        KnowledgeStatistics stats;
        TextTable clusters = new TextTable("entities", "version", "method", "k", "members", "silhouette", "source", "created");
        TextTable codes = new TextTable("entities", "version", "encoder", "levels × k", "entities coded", "created");
        try (KnowledgeStore knowledge = store.openExisting()) {
            stats = knowledge.statistics();
            for (EntityType type : List.of(EntityType.ITEM, EntityType.USER)) {
                knowledge.latestCodes(type).ifPresent(latest -> codes.add(type.label() + "s", latest.version(),
                        latest.run().encoderId(), latest.run().levels() + " × " + latest.run().k(),
                        count(latest.entityIds().length), latest.createdAt()));
                knowledge.latestClusters(type).ifPresent(latest -> clusters.add(type.label() + "s", latest.version(),
                        latest.run().method(), latest.run().k(), count(latest.entityIds().length),
                        latest.run().silhouette() == null ? "" : String.format(Locale.ROOT, "%.3f", latest.run().silhouette()),
                        latest.run().source(), latest.createdAt()));
            }
        }
        TextTable entries = new TextTable("entity", "scenario", "model", "entries", "prompt tokens", "completion tokens");
        for (KnowledgeStatistics.Group group : stats.groups()) {
            entries.add(group.entityType().label(), group.scenario(), group.modelId(), count(group.entries()),
                    count(group.promptTokens()), count(group.completionTokens()));
        }
        TextTable encoders = new TextTable("encoder", "dimension", "entries encoded", "of all entries");
        for (KnowledgeStatistics.Encoded encoded : stats.encoders()) {
            encoders.add(encoded.encoderId(), encoded.dimension(), count(encoded.entries()),
                    String.format(Locale.ROOT, "%.1f%%", 100.0 * encoded.entries() / Math.max(1, stats.entries())));
        }
        var out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "%s: %s entries%n%n", store, count(stats.entries()));
        out.print(entries.render());
        out.println();
        out.print(encoders.rows() == 0 ? "no vectors yet (recllm knowledge encode)\n" : encoders.render());
        out.println();
        out.print(clusters.rows() == 0 ? "no clusters yet (recllm knowledge cluster)\n" : "newest clusters\n" + clusters.render());
        out.println();
        out.print(codes.rows() == 0 ? "no codes yet (recllm knowledge codes)\n" : "newest codes\n" + codes.render());
        return 0;
    }

    private static String count(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }
}
