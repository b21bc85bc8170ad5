package org.recllm.knowledge.distill;

import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import org.recllm.core.io.BadInputException;
import org.recllm.core.io.CsvReader;
import org.recllm.core.io.CsvRecord;
import org.recllm.knowledge.importing.TextSource;

/**
 * The teacher's texts of one CSV file, by entity id. A blank text counts as no profile: the shared user file has one
 * (ML-100K user 685 liked nothing in u1.base, so no profile was written), and an empty answer teaches nothing.
 */
public record ProfileTexts(Map<Long, String> byId, int blank) {

    public ProfileTexts {
        byId = Map.copyOf(byId);
    }

    public static ProfileTexts read(TextSource source) {
        if (!Files.isRegularFile(source.file())) {
            throw new BadInputException(source.file(), "file not found");
        }
        Map<Long, String> texts = new HashMap<>();
        Map<Long, Long> lineOfId = new HashMap<>();
        int blank = 0;
        try (CsvReader csv = CsvReader.open(source.file())) {
            csv.requireColumns(source.idColumn(), source.textColumn());
            for (CsvRecord record = csv.next(); record != null; record = csv.next()) {
                long id = record.getLong(source.idColumn());
                Long earlier = lineOfId.putIfAbsent(id, record.line());
                if (earlier != null) {
                    // Two answers to one prompt would teach the model whichever came last.
                    throw record.error(source.idColumn(), "id " + id + " appears again (first on line " + earlier + ")");
                }
                String text = record.get(source.textColumn());
                if (text.isBlank()) {
                    blank++;
                } else {
                    texts.put(id, text);
                }
            }
        }
        return new ProfileTexts(texts, blank);
    }

    /** The entity's profile, or null when it has none. */
    public String of(long id) {
        return byId.get(id);
    }
}
