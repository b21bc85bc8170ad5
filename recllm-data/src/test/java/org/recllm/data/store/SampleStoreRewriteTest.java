package org.recllm.data.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.recllm.data.testing.BadInputAssertions.assertBadInput;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recllm.data.testing.StoreContent;
import org.recllm.data.testing.SyntheticSamples;

/** Writing where a store already is replaces it; writing where something else is refuses and leaves it alone. */
class SampleStoreRewriteTest {
    @TempDir
    Path tmp;

    @Test
    void writingOverAStoreReplacesItAndRemovesTheOldGeneration() throws IOException {
        Path dir = tmp.resolve("store");
        SampleSet first = SyntheticSamples.build(1, 300);
        SampleSet second = SyntheticSamples.build(2, 500);
        SampleStoreWriter.write(dir, first);
        String oldGeneration = current(dir);
        assertEquals(List.of(oldGeneration), generations(dir));

        SampleStoreWriter.write(dir, second);
        String newGeneration = current(dir);
        assertNotEquals(oldGeneration, newGeneration);
        assertEquals(List.of(newGeneration), generations(dir));
        assertFalse(Files.exists(dir.resolve(oldGeneration)));
        try (SampleStore store = SampleStore.open(dir)) {
            StoreContent.assertSame(second, store);
        }
    }

    @Test
    void aStoreOpenBeforeTheRewriteKeepsReadingTheOldContent() {
        Path dir = tmp.resolve("store");
        SampleSet first = SyntheticSamples.build(1, 300);
        SampleStoreWriter.write(dir, first);
        try (SampleStore before = SampleStore.open(dir)) {
            SampleStoreWriter.write(dir, SyntheticSamples.build(2, 300));
            StoreContent.assertSame(first, before);
        }
    }

    @Test
    void leftoverGenerationsOfAnInterruptedWriteAreRemovedByTheNextWrite() throws IOException {
        Path dir = tmp.resolve("store");
        Files.createDirectories(dir.resolve("gen-crashed-half/train"));
        Files.writeString(dir.resolve("gen-crashed-half/train/label.bin"), "partial");
        SampleStoreWriter.write(dir, SyntheticSamples.build(1, 50));
        assertEquals(List.of(current(dir)), generations(dir));
    }

    @Test
    void temporaryFilesOfAnInterruptedAtomicWriteAreRemovedByTheNextWrite() throws IOException {
        Path dir = tmp.resolve("store");
        SampleStoreWriter.write(dir, SyntheticSamples.build(1, 50));
        Files.writeString(dir.resolve(".CURRENT.123.tmp"), "gen-half");
        Files.writeString(dir.resolve(".stats.json.456.tmp"), "{");
        SampleStoreWriter.write(dir, SyntheticSamples.build(2, 50));
        assertFalse(Files.exists(dir.resolve(".CURRENT.123.tmp")));
        assertFalse(Files.exists(dir.resolve(".stats.json.456.tmp")));
    }

    @Test
    void anEmptyExistingDirectoryIsAcceptedAndAMissingOneCreated() {
        SampleStoreWriter.write(tmp, SyntheticSamples.build(1, 20));
        assertTrue(Files.exists(tmp.resolve("CURRENT")));
        SampleStoreWriter.write(tmp.resolve("a/b/c"), SyntheticSamples.build(1, 20));
        assertTrue(Files.exists(tmp.resolve("a/b/c/stats.json")));
    }

    @Test
    void refusesANonEmptyDirectoryThatIsNoStoreAndLeavesItUntouched() throws IOException {
        Path dir = tmp.resolve("thesis");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("chapter1.tex"), "precious");
        assertBadInput(() -> SampleStoreWriter.write(dir, SyntheticSamples.build(1, 20)), dir, 0, null,
                "is not a sample store", "no CURRENT file");
        try (Stream<Path> entries = Files.list(dir)) {
            assertEquals(List.of(dir.resolve("chapter1.tex")), entries.toList());
        }
        assertEquals("precious", Files.readString(dir.resolve("chapter1.tex")));
    }

    @Test
    void refusesAFile() throws IOException {
        Path file = Files.writeString(tmp.resolve("notes.txt"), "x");
        assertBadInput(() -> SampleStoreWriter.write(file, SyntheticSamples.build(1, 20)), file, 0, null,
                "exists and is not a directory");
    }

    static String current(Path dir) throws IOException {
        return Files.readString(dir.resolve("CURRENT")).strip();
    }

    static List<String> generations(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("gen-")).sorted().toList();
        }
    }
}
