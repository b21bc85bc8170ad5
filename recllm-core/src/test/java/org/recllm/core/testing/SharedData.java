package org.recllm.core.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates the read-only {@code shared/} folder beside the project (datasets, LLM output, models). Tests that need it
 * call {@link #require}: where it is absent they are skipped, with a message saying what is missing, except under
 * {@code CI=true}, where a silent skip would pass a build that tested nothing on real data, so they fail.
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

    /** {@code shared/<relative>}; when it does not exist the test is skipped, or fails under {@code CI=true}. */
    public static Path require(String relative) {
        return require(root().resolve(relative), System.getenv("CI"));
    }

    /** {@code path} when it exists; {@code ci} is the {@code CI} environment variable's value, null when unset. */
    static Path require(Path path, String ci) {
        if (!Files.exists(path)) {
            String missing = path + " is absent (shared data lives beside the project)";
            if ("true".equalsIgnoreCase(ci)) {
                fail("CI=true but " + missing + ": CI must run every test on the shared data");
            }
            abort("skipped: " + missing + "; CI has it");
        }
        return path;
    }

    /** ML-100K as GroupLens ships it. */
    public static Path ml100k() {
        return require("data/ml-100k");
    }
}
