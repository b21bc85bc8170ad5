package org.recllm.data.store;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.recllm.data.testing.BadInputAssertions.assertBadInput;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recllm.data.testing.SyntheticSamples;

/** Damage to a written store is reported, naming the damaged file, on open or by {@link SampleStore#verify()}. */
class SampleStoreCorruptionTest {
    @TempDir
    Path tmp;
    private Path dir;
    private Path generation;

    @BeforeEach
    void writeStore() throws IOException {
        dir = tmp.resolve("store");
        SampleStoreWriter.write(dir, SyntheticSamples.build(5, 1_000));
        generation = dir.resolve(SampleStoreWriter.CURRENT).resolveSibling(Files.readString(dir.resolve("CURRENT")).strip());
    }

    @Test
    void truncatedColumnIsDetectedOnOpen() throws IOException {
        Path column = generation.resolve("valid/hist_item.bin");
        try (RandomAccessFile file = new RandomAccessFile(column.toFile(), "rw")) {
            file.setLength(file.length() - 4);
        }
        assertBadInput(() -> SampleStore.open(dir), column, 0, null, "holds 7996 bytes; expected 8000", "truncated");
    }

    @Test
    void changedBytesOfTheRightLengthAreFoundByVerify() throws IOException {
        Path column = generation.resolve("train/price.bin");
        try (RandomAccessFile file = new RandomAccessFile(column.toFile(), "rw")) {
            file.seek(1_234);
            int b = file.read();
            file.seek(1_234);
            file.write(b ^ 0x01);
        }
        try (SampleStore store = SampleStore.open(dir)) {
            assertBadInput(store::verify, column, 0, "train/price", "checksum mismatch");
        }
    }

    @Test
    void anUndamagedStoreVerifies() {
        try (SampleStore store = SampleStore.open(dir)) {
            store.verify();
        }
    }

    @Test
    void manifestThatIsNotJsonIsReported() throws IOException {
        Path manifest = generation.resolve("manifest.json");
        Files.writeString(manifest, "{\"format\": \"recllm-samples\", \"version\": ");
        assertBadInput(() -> SampleStore.open(dir), manifest, 0, null, "is not a valid store manifest");
    }

    @Test
    void manifestOfAnotherFormatVersionIsReported() throws IOException {
        Path manifest = generation.resolve("manifest.json");
        Files.writeString(manifest, Files.readString(manifest).replace("\"version\" : 1,", "\"version\" : 2,"));
        assertBadInput(() -> SampleStore.open(dir), manifest, 0, null, "holds format recllm-samples v2",
                "reads recllm-samples v1");
    }

    @Test
    void manifestListingTheWrongByteCountIsReported() throws IOException {
        Path manifest = generation.resolve("manifest.json");
        String text = Files.readString(manifest);
        String changed = text.replaceFirst("\"bytes\" : 4000,", "\"bytes\" : 4004,");
        assertTrue(!changed.equals(text), "the fixture store has a 4000-byte column");
        Files.writeString(manifest, changed);
        var e = assertThrows(org.recllm.core.io.BadInputException.class, () -> SampleStore.open(dir));
        assertTrue(e.getMessage().contains("the manifest lists 4004 bytes"), e.getMessage());
    }

    @Test
    void aFolderWithoutCurrentIsNoStore() throws IOException {
        Files.delete(dir.resolve("CURRENT"));
        assertBadInput(() -> SampleStore.open(dir), dir, 0, null, "is not a sample store (no CURRENT file)");
    }

    @Test
    void currentNamingAMissingGenerationFailsToOpen() throws IOException {
        Files.writeString(dir.resolve("CURRENT"), "gen-0123abcd\n");
        assertBadInput(() -> SampleStore.open(dir), dir.resolve("CURRENT"), 0, null, "names the generation 'gen-0123abcd'",
                "the store is damaged");
        Files.writeString(dir.resolve("CURRENT"), "../../etc\n");
        assertBadInput(() -> SampleStore.open(dir), dir.resolve("CURRENT"), 0, null, "holds '../../etc'",
                "expected the name of a generation folder");
    }
}
