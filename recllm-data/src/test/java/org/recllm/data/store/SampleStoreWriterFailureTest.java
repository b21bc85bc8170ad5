package org.recllm.data.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recllm.data.protocol.Split;
import org.recllm.data.schema.Vocabulary;
import org.recllm.data.testing.SyntheticSamples;

/** A write that fails leaves no partial generation; a tidy-up that fails after the commit is a warning, not a failure. */
class SampleStoreWriterFailureTest {
    @TempDir
    Path tmp;

    private static List<String> entries(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static int trainRows(Path dir) {
        try (SampleStore store = SampleStore.open(dir)) {
            return store.split(Split.TRAIN).rows();
        }
    }

    @Test
    void aWriteThatFailsHalfWayRemovesItsGenerationAndKeepsTheOldStore() throws IOException {
        Path dir = tmp.resolve("store");
        SampleStoreWriter.write(dir, SyntheticSamples.build(1, 300));
        List<String> before = entries(dir);
        SampleSet good = SyntheticSamples.build(2, 500);
        var vocabularies = new HashMap<>(good.vocabularies());
        // A name no file system takes: the write fails after the generation folder and some files exist.
        vocabularies.put("bad\0name", new Vocabulary("bad\0name", List.of("x"), new long[] {1}));
        SampleSet failing = new SampleSet(good.info(), good.schema(), vocabularies, good.splits());
        assertThrows(RuntimeException.class, () -> SampleStoreWriter.write(dir, failing));
        assertEquals(before, entries(dir));
        assertEquals(300, trainRows(dir));
    }

    @Test
    void anOldGenerationThatCannotBeDeletedIsAWarningAfterTheNewStoreIsCurrent() throws IOException {
        Path dir = tmp.resolve("store");
        SampleStoreWriter.write(dir, SyntheticSamples.build(1, 300));
        Path old = dir.resolve(Files.readString(dir.resolve(SampleStoreWriter.CURRENT)).strip());
        Path locked = old.resolve("train");
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            assumeTrue(!Files.isWritable(locked), "permissions do not bind this user (root)");
            WrittenStore written = SampleStoreWriter.write(dir, SyntheticSamples.build(2, 500));
            assertEquals(500, trainRows(dir));
            assertEquals(1, written.warnings().size(), written.warnings().toString());
            assertTrue(written.warnings().getFirst().contains("could not remove the old " + old), written.warnings().toString());
        } finally {
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }
}
