package org.recllm.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    /** The names in {@code dir}, so leftovers such as temporary siblings show. */
    private List<String> entries() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void writesIntoNewParentDirectories() throws IOException {
        Path target = dir.resolve("a/b/stats.txt");
        AtomicFiles.writeString(target, "rows 100\n");
        assertEquals("rows 100\n", Files.readString(target));
    }

    @Test
    void replacesLongerContentCompletely() throws IOException {
        Path target = dir.resolve("out.txt");
        AtomicFiles.writeString(target, "a much longer first version\n");
        AtomicFiles.writeString(target, "short\n");
        assertEquals("short\n", Files.readString(target));
        assertEquals(List.of("out.txt"), entries());
    }

    @Test
    void writesContentLargerThanTheBuffer() throws IOException {
        byte[] bytes = new byte[300_000];
        new Random(7).nextBytes(bytes);
        Path target = dir.resolve("blob.bin");
        AtomicFiles.write(target, out -> {
            out.write(bytes, 0, 100_000);
            for (int i = 100_000; i < 100_010; i++) {
                out.write(bytes[i]);
            }
            out.write(bytes, 100_010, bytes.length - 100_010);
        });
        assertArrayEquals(bytes, Files.readAllBytes(target));
    }

    @Test
    void failedWriteLeavesThePreviousContentAndNoTemporaryFile() throws IOException {
        Path target = dir.resolve("model.json");
        AtomicFiles.writeString(target, "old\n");
        byte[] partial = new byte[200_000]; // more than the 64 KiB buffer: part of it reaches the temporary file
        var e = assertThrows(UncheckedIOException.class, () -> AtomicFiles.write(target, out -> {
            out.write(partial);
            throw new IOException("disk full");
        }));
        assertTrue(e.getMessage().contains("disk full"), e.getMessage());
        assertEquals("old\n", Files.readString(target));
        assertEquals(List.of("model.json"), entries());
    }

    @Test
    void runtimeFailureInTheWriterAlsoLeavesNoTrace() throws IOException {
        Path target = dir.resolve("table.md");
        AtomicFiles.writeString(target, "old\n");
        assertThrows(IllegalStateException.class, () -> AtomicFiles.write(target, out -> {
            out.write("new, half".getBytes(StandardCharsets.UTF_8));
            throw new IllegalStateException("model diverged");
        }));
        assertEquals("old\n", Files.readString(target));
        assertEquals(List.of("table.md"), entries());
    }

    @Test
    void failedFirstWriteCreatesNoFile() throws IOException {
        Path target = dir.resolve("never.txt");
        assertThrows(UncheckedIOException.class, () -> AtomicFiles.write(target, out -> {
            throw new IOException("no");
        }));
        assertEquals(List.of(), entries());
    }

    record Stats(String split, long rows, double positiveRate, List<String> columns) {}

    @Test
    void writeJsonRoundTripsIndentedWithAFinalNewline() throws IOException {
        Path target = dir.resolve("stats.json");
        Stats stats = new Stats("train", 80_000, 0.5535, List.of("user", "item"));
        AtomicFiles.writeJson(target, stats);
        String text = Files.readString(target);
        assertTrue(text.endsWith("}\n"), text);
        assertTrue(text.contains("\n  \"rows\" : 80000"), text);
        assertEquals(stats, AtomicFiles.JSON.readValue(text, Stats.class));
    }

    @Test
    void writtenFilesAreReadableByOthers() throws IOException {
        assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"), "needs POSIX permissions");
        Path target = dir.resolve("readable.txt");
        AtomicFiles.writeString(target, "x");
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
    }

    @Test
    void moveAtomicallyReplacesTheTarget() throws IOException {
        Path from = Files.writeString(dir.resolve("new"), "new");
        Path to = Files.writeString(dir.resolve("old"), "old");
        AtomicFiles.moveAtomically(from, to);
        assertEquals("new", Files.readString(to));
        assertEquals(List.of("old"), entries());
    }

    private Path leftover(String name, Duration age) throws IOException {
        Path temporary = Files.writeString(dir.resolve(name), "half a checkpoint");
        Files.setLastModifiedTime(temporary, FileTime.from(Instant.now().minus(age)));
        return temporary;
    }

    @Test
    void aRerunSweepsTheTemporariesAKilledWriteLeft() throws IOException {
        leftover(".model.ckpt.8812.tmp", Duration.ofMinutes(5));
        leftover(".model.ckpt.8813.tmp", Duration.ofDays(2));
        leftover(".other.ckpt.77.tmp", Duration.ofDays(2));
        AtomicFiles.writeString(dir.resolve("model.ckpt"), "whole");
        assertEquals(List.of(".other.ckpt.77.tmp", "model.ckpt"), entries());
    }

    @Test
    void aTemporaryThatIsLockedOrJustCreatedIsLive() throws IOException {
        Path locked = leftover(".model.ckpt.1.tmp", Duration.ofDays(2));
        leftover(".model.ckpt.2.tmp", Duration.ZERO);
        try (FileChannel channel = FileChannel.open(locked, StandardOpenOption.WRITE); var lock = channel.lock()) {
            AtomicFiles.writeString(dir.resolve("model.ckpt"), "whole");
        }
        assertEquals(List.of(".model.ckpt.1.tmp", ".model.ckpt.2.tmp", "model.ckpt"), entries());
    }
}
