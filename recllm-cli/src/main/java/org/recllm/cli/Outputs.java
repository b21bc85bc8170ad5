package org.recllm.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.recllm.core.io.BadInputException;

/** Checks made on output paths before any work starts, so a long job never fails only at its end. */
final class Outputs {
    private Outputs() {}

    /**
     * Fails unless {@code file} can be written: the nearest existing folder on its path accepts a new file (tried with a
     * probe that is removed at once). Null passes: the output was not asked for.
     */
    static void requireWritable(Path file, String option) {
        if (file == null) {
            return;
        }
        if (Files.isDirectory(file)) {
            throw new BadInputException(option, 0, null, file + " is a folder; expected a file path");
        }
        probe(nearestExisting(file.toAbsolutePath().getParent()), option);
    }

    /**
     * Fails unless folder {@code dir} could be written: it, or the nearest folder above it that exists, accepts a new
     * file. Nothing is created (a command that fails later leaves no empty folder behind).
     */
    static void requireWritableFolder(Path dir, String option) {
        Path absolute = dir.toAbsolutePath();
        if (Files.exists(absolute) && !Files.isDirectory(absolute)) {
            throw new BadInputException(option, 0, null, dir + " is a file; expected a folder");
        }
        probe(nearestExisting(absolute), option);
    }

    private static Path nearestExisting(Path folder) {
        Path existing = folder;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        return existing == null ? folder.getRoot() : existing;
    }

    /** Creates and removes a probe file in {@code folder}: what permissions, read-only mounts and quotas allow. */
    private static void probe(Path folder, String option) {
        try {
            if (!Files.isDirectory(folder)) {
                throw new IOException(folder + " is not a folder");
            }
            Path probe = Files.createTempFile(folder, ".recllm-write-check", ".tmp");
            Files.delete(probe);
        } catch (IOException | SecurityException e) {
            throw new BadInputException(option, 0, null, "cannot write into " + folder + " (" + e.getClass().getSimpleName()
                    .replace("Exception", "").replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT)
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
        }
    }
}
