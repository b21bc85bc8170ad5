package org.recllm.data.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * The hand-written dataset fixtures under {@code src/test/resources/fixtures/}: tests copy one into a temporary
 * folder and, for malformed-input cases, change one line of one file there. The files are stored with a
 * {@value #SUFFIX} suffix (so that no file in the project is named like the real datasets, which must never be
 * committed) and get their dataset names when copied out.
 *
 * <p>Lines are read and written as ISO-8859-1, which maps every byte to one char and back: a UTF-8 file keeps its
 * bytes, and an edited line written in ASCII stays valid in either charset.
 */
public final class Fixtures {
    public static final String ML_100K = "ml-100k";
    public static final String ML_1M = "ml-1m";
    public static final String ML_LATEST = "ml-latest";
    static final String SUFFIX = ".fixture";
    private static final java.util.Map<String, Path> MATERIALISED = new java.util.concurrent.ConcurrentHashMap<>();

    private Fixtures() {}

    /** A fresh copy of fixture {@code name} inside {@code parent}, files under their dataset names; returns its folder. */
    public static Path copy(String name, Path parent) {
        URL url = Fixtures.class.getResource("/fixtures/" + name);
        if (url == null) {
            throw new IllegalStateException("test resource /fixtures/" + name + " is missing");
        }
        Path target = parent.resolve(name);
        try (Stream<Path> files = Files.walk(Path.of(url.toURI()))) {
            Path source = Path.of(url.toURI());
            for (Path file : files.toList()) {
                String relative = source.relativize(file).toString();
                Path destination = target.resolve(relative.endsWith(SUFFIX)
                        ? relative.substring(0, relative.length() - SUFFIX.length()) : relative);
                if (Files.isDirectory(file)) {
                    Files.createDirectories(destination);
                } else {
                    Files.copy(file, destination);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        return target;
    }

    /** Fixture {@code name} under its dataset file names, copied once per test run; treat it as read-only. */
    public static Path resource(String name) {
        return MATERIALISED.computeIfAbsent(name, n -> {
            try {
                Path dir = Files.createTempDirectory("recllm-fixtures-");
                dir.toFile().deleteOnExit();
                return copy(n, dir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    public static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void writeLines(Path file, List<String> lines) {
        try {
            Files.write(file, lines, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void edit(Path file, UnaryOperator<List<String>> change) {
        writeLines(file, change.apply(new ArrayList<>(lines(file))));
    }

    /** Replaces line {@code number} (1-based) of {@code file} with {@code text}. */
    public static void replaceLine(Path file, int number, String text) {
        edit(file, lines -> {
            lines.set(number - 1, text);
            return lines;
        });
    }

    /** Appends {@code text} as a new last line; returns its 1-based line number. */
    public static int appendLine(Path file, String text) {
        List<String> lines = lines(file);
        while (!lines.isEmpty() && lines.getLast().isEmpty()) {
            lines.removeLast();
        }
        lines.add(text);
        writeLines(file, lines);
        return lines.size();
    }

    public static void delete(Path file) {
        try {
            Files.delete(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Re-encodes a text file as UTF-16 little-endian, as some editors save it, with or without byte-order mark. */
    public static void convertToUtf16(Path file, boolean byteOrderMark) {
        try {
            String text = Files.readString(file, StandardCharsets.ISO_8859_1);
            Files.write(file, ((byteOrderMark ? "\uFEFF" : "") + text).getBytes(StandardCharsets.UTF_16LE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
