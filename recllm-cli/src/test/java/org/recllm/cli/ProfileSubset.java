package org.recllm.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.recllm.core.io.CsvReader;
import org.recllm.core.io.CsvRecord;

/** A small copy of the shared gpt-4o-mini profile files: their first rows, with just the id and text columns. */
final class ProfileSubset {
    private ProfileSubset() {}

    /** The first {@code items} movie and {@code users} user profiles of {@code shared} (ml-100k-llm), written to {@code dir}. */
    static Path write(Path shared, Path dir, int items, int users) throws IOException {
        Files.createDirectories(dir);
        copyFirst(shared.resolve(TeacherProfiles.ITEMS_CSV), dir.resolve(TeacherProfiles.ITEMS_CSV), "movie_id", "movie_info", items);
        copyFirst(shared.resolve(TeacherProfiles.USERS_CSV), dir.resolve(TeacherProfiles.USERS_CSV), "user_id", "user_profile", users);
        return dir;
    }

    private static void copyFirst(Path from, Path to, String id, String text, int rows) throws IOException {
        StringBuilder csv = new StringBuilder(id + "," + text + "\n");
        try (CsvReader reader = CsvReader.open(from)) {
            for (int i = 0; i < rows; i++) {
                CsvRecord record = reader.next();
                csv.append(record.get(id)).append(",\"").append(record.get(text).replace("\"", "\"\"")).append("\"\n");
            }
        }
        Files.writeString(to, csv);
    }
}
