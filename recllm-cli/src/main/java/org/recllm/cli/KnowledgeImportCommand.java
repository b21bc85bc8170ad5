package org.recllm.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.recllm.core.io.BadInputException;
import org.recllm.core.report.TextTable;
import org.recllm.knowledge.importing.ImportReport;
import org.recllm.knowledge.importing.KnowledgeImporter;
import org.recllm.knowledge.importing.Provenance;
import org.recllm.knowledge.importing.TextSource;
import org.recllm.knowledge.store.EntityType;
import org.recllm.knowledge.store.SqliteKnowledgeStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code recllm knowledge import}: item and/or user texts from CSV into a store, in one transaction. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Import item and/or user texts from CSV files as knowledge entries (idempotent; all or nothing).")
final class KnowledgeImportCommand implements Callable<Integer> {
    @Option(names = "--store", required = true, paramLabel = "FILE", description = "Knowledge store (SQLite); created when absent.")
    Path store;

    @Option(names = "--items", paramLabel = "CSV", description = "CSV with one text per item.")
    Path items;

    @Option(names = "--item-id-column", paramLabel = "COLUMN", defaultValue = "movie_id", description = "Item id column. Default: ${DEFAULT-VALUE}.")
    String itemIdColumn;

    @Option(names = "--item-text-column", paramLabel = "COLUMN", defaultValue = "movie_info", description = "Item text column. Default: ${DEFAULT-VALUE}.")
    String itemTextColumn;

    @Option(names = "--users", paramLabel = "CSV", description = "CSV with one text per user.")
    Path users;

    @Option(names = "--user-id-column", paramLabel = "COLUMN", defaultValue = "user_id", description = "User id column. Default: ${DEFAULT-VALUE}.")
    String userIdColumn;

    @Option(names = "--user-text-column", paramLabel = "COLUMN", defaultValue = "user_profile", description = "User text column. Default: ${DEFAULT-VALUE}.")
    String userTextColumn;

    @Option(names = "--text-column", paramLabel = "COLUMN", description = "Text column of the one file given (--items or --users).")
    String textColumn;

    @Option(names = "--model-id", paramLabel = "ID", defaultValue = "imported", description = "Model recorded as the texts' author. Default: ${DEFAULT-VALUE}.")
    String modelId;

    @Option(names = "--scenario", paramLabel = "NAME", defaultValue = "movies", description = "Scenario recorded with the texts. Default: ${DEFAULT-VALUE}.")
    String scenario;

    @Option(names = "--time-window", paramLabel = "WINDOW", defaultValue = "all",
            description = "Data window the texts were made from (e.g. u1.base). Default: ${DEFAULT-VALUE}.")
    String timeWindow;

    @Option(names = "--skip-empty", description = "Leave out rows with empty text instead of failing.")
    boolean skipEmpty;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        List<TextSource> sources = sources();
        List<ImportReport> reports;
        long entries;
        try (SqliteKnowledgeStore knowledge = SqliteKnowledgeStore.open(store)) {
            reports = KnowledgeImporter.importAll(sources, provenance(), skipEmpty, knowledge);
            entries = knowledge.statistics().entries();
        }
        TextTable table = new TextTable("file", "entity", "rows", "inserted", "updated", "unchanged", "skipped (empty)");
        for (ImportReport report : reports) {
            table.add(report.source().file().getFileName(), report.source().entityType().label(), report.rows(),
                    report.inserted(), report.updated(), report.unchanged(), report.skipped());
        }
        var out = spec.commandLine().getOut();
        out.print(table.render());
        out.printf(Locale.ROOT, "%nstore: %s (%,d entries)%n", store, entries);
        return 0;
    }

    private List<TextSource> sources() {
        if (items == null && users == null) {
            throw new BadInputException("knowledge import", 0, null, "nothing to import: give --items CSV and/or --users CSV");
        }
        if (textColumn != null && items != null && users != null) {
            throw new BadInputException("--text-column", 0, null,
                    "ambiguous with both --items and --users; use --item-text-column and --user-text-column");
        }
        List<TextSource> sources = new ArrayList<>();
        if (items != null) {
            sources.add(new TextSource(EntityType.ITEM, items, itemIdColumn, textColumn != null ? textColumn : itemTextColumn));
        }
        if (users != null) {
            sources.add(new TextSource(EntityType.USER, users, userIdColumn, textColumn != null ? textColumn : userTextColumn));
        }
        return sources;
    }

    private Provenance provenance() {
        try {
            return new Provenance(modelId, scenario, timeWindow);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("knowledge import", 0, null, e.getMessage());
        }
    }
}
