package org.recllm.knowledge.distill;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.recllm.core.io.BadInputException;
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
        List<Long> blank = new ArrayList<>();
        source.forEachRow((record, id, text) -> {
            if (text.isBlank()) {
                blank.add(id);
            } else {
                texts.put(id, text);
            }
        });
        return new ProfileTexts(texts, blank.size());
    }

    /** The entity's profile, or null when it has none. */
    public String of(long id) {
        return byId.get(id);
    }
}
