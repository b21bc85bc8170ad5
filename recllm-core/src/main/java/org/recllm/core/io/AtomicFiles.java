package org.recllm.core.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;

/**
 * Writes that leave either the old file or the complete new one, never a torn one: the bytes go to a temporary
 * sibling, are forced to disk, and the sibling is renamed over the target. A temporary that a killed process left
 * behind is removed by the next write of the same target.
 */
public final class AtomicFiles {
    /** One JSON style for every file RecLLM writes: indented, stable, no failure on empty beans. */
    public static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    static final String TEMPORARY_SUFFIX = ".tmp";
    /** Longer than any pause between creating a temporary and locking it. */
    private static final Duration LOCK_GRACE = Duration.ofSeconds(10);

    private AtomicFiles() {}

    /** Something that writes a file's content to a stream. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    public static void write(Path target, Content content) {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        try {
            Files.createDirectories(dir);
            sweepStaleTemporaries(dir, absolute.getFileName().toString());
            Path temp = Files.createTempFile(dir, temporaryPrefix(absolute.getFileName().toString()), TEMPORARY_SUFFIX);
            makeReadable(temp);
            try {
                // The lock marks the temporary as live for a sweep by another writer; it is held through the rename.
                try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE); FileLock ignored = channel.lock()) {
                    OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
                    content.writeTo(out);
                    out.flush();
                    channel.force(true);
                    moveAtomically(temp, absolute);
                }
            } finally {
                Files.deleteIfExists(temp);
            }
            syncDirectory(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + target + ": " + e.getMessage(), e);
        }
    }

    private static String temporaryPrefix(String name) {
        return "." + name + ".";
    }

    /**
     * Deletes the temporaries of {@code name} that a killed write left behind, so a rerun cleans up after a crash. A
     * temporary is stale when no one holds its lock (a live writer does, in this process or another) and it is older
     * than the moment between its creation and its locking.
     */
    private static void sweepStaleTemporaries(Path dir, String name) throws IOException {
        String prefix = temporaryPrefix(name);
        Instant settled = Instant.now().minus(LOCK_GRACE);
        try (DirectoryStream<Path> candidates = Files.newDirectoryStream(dir, p -> p.getFileName().toString()
                .startsWith(prefix) && p.getFileName().toString().endsWith(TEMPORARY_SUFFIX))) {
            for (Path candidate : candidates) {
                deleteIfStale(candidate, settled);
            }
        }
    }

    private static void deleteIfStale(Path temporary, Instant settled) {
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
            if (Files.getLastModifiedTime(temporary).toInstant().isAfter(settled)) {
                return;
            }
            try (FileLock lock = channel.tryLock()) {
                if (lock != null) {
                    Files.deleteIfExists(temporary);
                }
            }
        } catch (OverlappingFileLockException e) {
            // A write in this process holds it: live.
        } catch (IOException e) {
            // Gone already, or not ours to delete: a sweep is best effort and never fails the write it precedes.
        }
    }

    public static void writeString(Path target, String text) {
        write(target, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    public static void writeJson(Path target, Object value) {
        write(target, out -> {
            JSON.writeValue(new NonClosing(out), value);
            out.write('\n');
        });
    }

    /**
     * Reads {@code file} as {@code type}. A file that does not parse is reported as not a valid {@code what}, a
     * missing one with {@code whenMissing}; both errors name the file.
     */
    public static <T> T readJson(Path file, Class<T> type, String what, String whenMissing) {
        return readJson(file, JSON.getTypeFactory().constructType(type), what, whenMissing);
    }

    /** As {@link #readJson(Path, Class, String, String)}, for generic types. */
    public static <T> T readJson(Path file, com.fasterxml.jackson.core.type.TypeReference<T> type, String what,
                                 String whenMissing) {
        return readJson(file, JSON.getTypeFactory().constructType(type), what, whenMissing);
    }

    private static <T> T readJson(Path file, com.fasterxml.jackson.databind.JavaType type, String what, String whenMissing) {
        try {
            return JSON.readValue(file.toFile(), type);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new BadInputException(file, "is not a valid " + what + ": " + e.getOriginalMessage());
        } catch (java.io.FileNotFoundException | java.nio.file.NoSuchFileException e) {
            throw new BadInputException(file, whenMissing);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Temporary files are created owner-only; what RecLLM writes is meant to be read like any other file. */
    private static void makeReadable(Path file) throws IOException {
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        }
    }

    /** Renames {@code from} onto {@code to} in one step (same file system), replacing what was there. */
    public static void moveAtomically(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the file system of " + to + " cannot rename atomically", e);
        }
    }

    /** Removes a folder and everything below it, deepest first. */
    public static void deleteTree(Path root) throws IOException {
        try (java.util.stream.Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    /**
     * {@link #deleteTree}, best effort, for staging and work folders: a leftover costs only disk space and must not
     * hide the outcome of the work that used it. Nothing happens when {@code root} is null or absent.
     */
    public static void deleteTreeQuietly(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try {
            deleteTree(root);
        } catch (IOException | UncheckedIOException ignored) {
            // left for the user or the next run; see above
        }
    }

    /** Forces a directory's entries (new names, renames) to disk where the platform allows it. */
    public static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // Some file systems cannot open a directory for sync; the rename itself is still atomic there.
        }
    }

    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
