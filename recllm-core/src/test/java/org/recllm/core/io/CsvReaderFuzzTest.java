package org.recllm.core.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.recllm.core.testing.Fuzz;

/** Damaged CSV and text files are read or rejected with {@link BadInputException}, never anything else. */
class CsvReaderFuzzTest {
    private static final byte[] VALID = """
            movie_id,title,movie_info
            1,Toy Story (1995),"# Toy Story
            - **Genre**: Animation, Children
            ""Toy Story"" is a groundbreaking film."
            2,GoldenEye (1995),A spy film.
            3,Four Rooms (1995),"Comedy, anthology"
            """.getBytes(StandardCharsets.UTF_8);

    @Property(tries = 400, seed = "20261129")
    void csvIsReadOrRejected(@ForAll long seed) throws IOException {
        Path file = Files.createTempFile("fuzz", ".csv");
        try {
            Files.write(file, Fuzz.mutate(VALID, seed));
            Fuzz.assertReadsOrRejects(file + " (seed " + seed + ")", () -> {
                try (CsvReader csv = CsvReader.open(file)) {
                    csv.requireColumns("movie_id", "movie_info");
                    for (CsvRecord record = csv.next(); record != null; record = csv.next()) {
                        record.getLong("movie_id");
                    }
                }
                try (TextLines lines = TextLines.open(file, StandardCharsets.ISO_8859_1)) {
                    while (lines.next() != null) {
                        lines.lineNumber();
                    }
                }
            });
        } finally {
            Files.delete(file);
        }
    }
}
