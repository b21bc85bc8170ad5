package org.recllm.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import org.recllm.data.download.DatasetCache;

/**
 * Where the details of an unexpected failure go: the user sees one line that names this file, and a bug report
 * attaches it. The cache's {@code logs} folder, else the system's temporary folder when the cache cannot be written.
 */
final class CrashLog {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS");

    private final Path dir;

    CrashLog(Path dir) {
        this.dir = dir;
    }

    static CrashLog standard() {
        return new CrashLog(DatasetCache.defaultRoot().resolve("logs"));
    }

    /** Writes {@code error}'s stack trace with the command line; the file, or empty when no folder took it. */
    Optional<Path> record(Throwable error, List<String> args) {
        StringWriter trace = new StringWriter();
        try (PrintWriter out = new PrintWriter(trace)) {
            out.println("recllm " + String.join(" ", args));
            error.printStackTrace(out);
        }
        String name = "recllm-" + LocalDateTime.now().format(STAMP) + "-" + ProcessHandle.current().pid() + ".log";
        for (Path folder : List.of(dir, Path.of(System.getProperty("java.io.tmpdir"), "recllm-logs"))) {
            try {
                Files.createDirectories(folder);
                return Optional.of(Files.writeString(folder.resolve(name), trace.toString(), StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
            } catch (IOException | RuntimeException e) {
                // Next folder: the log must never turn one failure into another.
            }
        }
        return Optional.empty();
    }
}
