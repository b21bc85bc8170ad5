package org.recllm.knowledge.importing;

import java.nio.file.Files;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.recllm.core.io.BadInputException;
import org.recllm.knowledge.store.EntryKey;
import org.recllm.knowledge.store.KnowledgeEntry;
import org.recllm.knowledge.store.KnowledgeStore;
import org.recllm.knowledge.store.Upsert;

/**
 * Imports texts written elsewhere (e.g. by another project's LLM runs) as knowledge entries. All sources of one call
 * land in one transaction: a bad row anywhere leaves the store as it was. An empty text is an error unless asked to
 * skip such rows: real files have them (ML-100K user 685 has no liked movie in u1.base, so no profile was written).
 */
public final class KnowledgeImporter {
    private KnowledgeImporter() {}

    public static List<ImportReport> importAll(List<TextSource> sources, Provenance provenance, boolean skipEmpty,
                                               KnowledgeStore store) {
        return importAll(sources, provenance, skipEmpty, Optional.empty(), store);
    }

    /** Imports as above, counting in each report the rows whose ids {@code known} lacks. */
    public static List<ImportReport> importAll(List<TextSource> sources, Provenance provenance, boolean skipEmpty,
                                               Optional<KnownIds> known, KnowledgeStore store) {
        for (TextSource source : sources) {
            if (!Files.isRegularFile(source.file())) {
                throw new BadInputException(source.file(), "file not found");
            }
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return store.inTransaction(() -> {
            List<ImportReport> reports = new ArrayList<>();
            for (TextSource source : sources) {
                reports.add(importOne(source, provenance, skipEmpty, known, store, now));
            }
            return reports;
        });
    }

    private static ImportReport importOne(TextSource source, Provenance provenance, boolean skipEmpty,
                                          Optional<KnownIds> known, KnowledgeStore store, Instant now) {
        String prompt = EntryKey.IMPORTED_PROMPT;
        Tally tally = new Tally();
        source.forEachRow((record, id, text) -> {
            tally.rows++;
            if (id < 1) {
                tally.invalid++;
            } else if (known.isPresent() && !known.get().knows(source.entityType(), id)) {
                tally.unknown++;
            }
            if (text.isBlank()) {
                if (!skipEmpty) {
                    throw record.error(source.textColumn(), "empty text for id " + id + " (--skip-empty leaves such rows out)");
                }
                tally.skipped++;
                return;
            }
            EntryKey key = EntryKey.of(source.entityType(), id, provenance.scenario(), prompt, provenance.modelId(),
                    provenance.timeWindow());
            tally.outcomes.merge(store.upsert(new KnowledgeEntry(key, prompt, text, 0, 0, 0, now)), 1, Integer::sum);
        });
        return new ImportReport(source, tally.rows, tally.outcomes.getOrDefault(Upsert.INSERTED, 0),
                tally.outcomes.getOrDefault(Upsert.UPDATED, 0), tally.outcomes.getOrDefault(Upsert.UNCHANGED, 0),
                tally.skipped, tally.invalid, tally.unknown);
    }

    /** What one file's rows came to, counted as they are read. */
    private static final class Tally {
        int rows;
        int skipped;
        int invalid;
        int unknown;
        final Map<Upsert, Integer> outcomes = new EnumMap<>(Upsert.class);
    }
}
