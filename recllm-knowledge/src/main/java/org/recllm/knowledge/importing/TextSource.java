package org.recllm.knowledge.importing;

import java.nio.file.Path;
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
}
