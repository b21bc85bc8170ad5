package org.recllm.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.recllm.core.io.BadInputException;

/** Checks made on output paths before any work starts, so a long job never fails only at its end. */
final class Outputs {
    private Outputs() {}

    /**
     * Fails unless {@code file} can be written: its folder exists or can be created, and a file can be created in it
     * (tried with a probe that is removed at once). Null passes: the output was not asked for.
     */
    static void requireWritable(Path file, String option) {
        if (file == null) {
            return;
        }
        Path folder = file.toAbsolutePath().getParent();
        if (Files.isDirectory(file)) {
            throw new BadInputException(option, 0, null, file + " is a folder; expected a file path");
        }
        try {
            Files.createDirectories(folder);
            Path probe = Files.createTempFile(folder, ".recllm-write-check", ".tmp");
            Files.delete(probe);
        } catch (IOException | SecurityException e) {
            throw new BadInputException(option, 0, null, "cannot write into " + folder + " (" + e.getClass().getSimpleName()
                    .replace("Exception", "").replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT)
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
        }
    }
}
