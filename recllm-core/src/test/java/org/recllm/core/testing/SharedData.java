package org.recllm.core.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates the read-only {@code shared/} folder beside the project (datasets, LLM output, models). Tests that need it
 * call {@link #require} and are skipped, with a message saying what is missing, where it is absent; CI has it.
 */
public final class SharedData {
    private SharedData() {}

    /** The shared folder: the {@code recllm.shared} system property, else the nearest {@code ../shared} upwards. */
    public static Path root() {
        String configured = System.getProperty("recllm.shared");
        if (configured != null && Files.isDirectory(Path.of(configured))) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolveSibling("shared");
            if (Files.isDirectory(candidate.resolve("data"))) {
                return candidate.normalize();
            }
        }
        return Path.of("..", "shared").toAbsolutePath().normalize();
    }

    /** {@code shared/<relative>}, or the test is skipped when it does not exist. */
    public static Path require(String relative) {
        Path path = root().resolve(relative);
        assumeTrue(Files.exists(path), () -> "skipped: " + path + " is absent (shared data lives beside the project; CI has it)");
        return path;
    }

    /** ML-100K as GroupLens ships it. */
    public static Path ml100k() {
        return require("data/ml-100k");
    }
}
