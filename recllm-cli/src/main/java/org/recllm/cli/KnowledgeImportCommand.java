package org.recllm.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.recllm.core.io.BadInputException;
import org.recllm.core.report.TextTable;
import org.recllm.knowledge.importing.ImportReport;
import org.recllm.data.dataset.Datasets;
import org.recllm.knowledge.importing.KnowledgeImporter;
import org.recllm.knowledge.importing.KnownIds;
import org.recllm.knowledge.importing.Provenance;
import org.recllm.knowledge.importing.TextSource;
import org.recllm.knowledge.store.EntityType;
import org.recllm.knowledge.store.KnowledgeStore;
import org.recllm.knowledge.store.StoreLocation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code recllm knowledge import}: item and/or user texts from CSV into a store, in one transaction. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Import item and/or user texts from CSV files as knowledge entries (idempotent; all or nothing).")
final class KnowledgeImportCommand implements Callable<Integer> {
    @Option(names = "--store", required = true, paramLabel = "STORE",
            description = "Knowledge store: a SQLite file or a jdbc:postgresql:// URL; created when absent.")
    StoreLocation store;

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

    @Option(names = "--data", paramLabel = "DIR",
            description = "Folder of the dataset the texts are about: rows whose ids it lacks are counted and warned of.")
    Path data;

    @Option(names = "--dataset", defaultValue = "ml-100k", paramLabel = "NAME",
            description = "Format of --data: ml-100k, ml-1m or ml-latest. Default: ${DEFAULT-VALUE}.")
    String dataset;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        List<TextSource> sources = sources();
        Provenance provenance = provenance();
        Optional<KnownIds> known = data == null ? Optional.empty() : Optional.of(KnownIds.of(Datasets.read(dataset, data)));
        List<ImportReport> reports = WritableKnowledgeStore.use(store,
                knowledge -> KnowledgeImporter.importAll(sources, provenance, skipEmpty, known, knowledge));
        long entries;
        try (KnowledgeStore knowledge = store.openExisting()) {
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
        for (ImportReport report : reports) {
            warnOfIds(report, spec.commandLine().getErr());
        }
        return 0;
    }

    /** Imported all the same (a file may be made for another version of the dataset), but worth a look. */
    private void warnOfIds(ImportReport report, PrintWriter err) {
        String file = report.source().file().toString();
        String entities = report.source().entityType().label() + "s";
        if (report.invalidIds() > 0) {
            err.printf(Locale.ROOT, "warning: %s: %,d rows have an id of 0 or less, which names no %s%n", file,
                    report.invalidIds(), report.source().entityType().label());
        }
        if (report.unknownIds() > 0) {
            err.printf(Locale.ROOT, "warning: %s: %,d rows have ids that are not %s of %s%n", file, report.unknownIds(),
                    entities, data);
        }
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
