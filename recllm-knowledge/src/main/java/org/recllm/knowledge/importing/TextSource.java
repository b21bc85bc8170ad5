package org.recllm.knowledge.importing;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.recllm.core.io.CsvReader;
import org.recllm.core.io.CsvRecord;
import org.recllm.knowledge.store.EntityType;

/**
 * A CSV file with one text per entity: the column holding the entity id and the one holding the text. The file is
 * where the texts come from, not part of their identity ({@link org.recllm.knowledge.store.EntryKey#IMPORTED_PROMPT}).
 */
public record TextSource(EntityType entityType, Path file, String idColumn, String textColumn) {

    public TextSource {
        if (entityType == null || file == null || idColumn == null || textColumn == null) {
            throw new IllegalArgumentException("entity type, file, id column and text column are required");
        }
    }

    /** One row of the file: the record (for errors naming its line), the entity id and the text. */
    @FunctionalInterface
    public interface Row {
        void accept(CsvRecord record, long id, String text);
    }

    /**
     * Hands each row to {@code row} in file order. An id that appears again is one error naming both lines: two texts
     * for one entity would make the result depend on row order.
     */
    public void forEachRow(Row row) {
        Map<Long, Long> firstLineOfId = new HashMap<>();
        try (CsvReader csv = CsvReader.open(file)) {
            csv.requireColumns(idColumn, textColumn);
            for (CsvRecord record = csv.next(); record != null; record = csv.next()) {
                long id = record.getLong(idColumn);
                Long earlier = firstLineOfId.putIfAbsent(id, record.line());
                if (earlier != null) {
                    throw record.error(idColumn, "id " + id + " appears again (first on line " + earlier + ")");
                }
                row.accept(record, id, record.get(textColumn));
            }
        }
    }
}
