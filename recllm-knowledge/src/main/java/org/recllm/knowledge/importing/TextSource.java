package org.recllm.knowledge.importing;

import java.nio.file.Path;
import org.recllm.knowledge.store.EntityType;

/** A CSV file with one text per entity: the column holding the entity id and the one holding the text. */
public record TextSource(EntityType entityType, Path file, String idColumn, String textColumn) {

    public TextSource {
        if (entityType == null || file == null || idColumn == null || textColumn == null) {
            throw new IllegalArgumentException("entity type, file, id column and text column are required");
        }
    }

    /**
     * The prompt recorded for imported text: where it came from. Only the file name counts, so the same file
     * imported from another folder lands on the same entries.
     */
    public String prompt() {
        return "imported from " + file.getFileName() + ", column " + textColumn;
    }
}
