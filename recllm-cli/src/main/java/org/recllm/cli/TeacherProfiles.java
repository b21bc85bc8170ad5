package org.recllm.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.recllm.core.io.BadInputException;
import org.recllm.knowledge.distill.ProfileTexts;
import org.recllm.knowledge.importing.TextSource;
import org.recllm.knowledge.store.EntityType;

/** The gpt-4o-mini profiles of {@code ../shared/data/ml-100k-llm} (or a folder laid out alike), read from {@code --knowledge-dir}. */
final class TeacherProfiles {
    static final String ITEMS_CSV = "movies_structured_100K.csv";
    static final String USERS_CSV = "users_structured_100k.csv";
    static final String LAYOUT = ITEMS_CSV + " (movie_id, movie_info) and " + USERS_CSV + " (user_id, user_profile)";

    private TeacherProfiles() {}

    static ProfileTexts read(Path knowledgeDir, EntityType type) {
        TextSource source = source(knowledgeDir, type);
        if (!Files.isRegularFile(source.file())) {
            throw new BadInputException("--knowledge-dir", 0, null, knowledgeDir + " has no " + source.file().getFileName());
        }
        return ProfileTexts.read(source);
    }

    /** The file and columns of {@code type}'s profiles in {@code knowledgeDir}. */
    static TextSource source(Path knowledgeDir, EntityType type) {
        return type == EntityType.ITEM
                ? new TextSource(type, knowledgeDir.resolve(ITEMS_CSV), "movie_id", "movie_info")
                : new TextSource(type, knowledgeDir.resolve(USERS_CSV), "user_id", "user_profile");
    }
}
