package org.recllm.data.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.recllm.data.protocol.Split;
import org.recllm.data.testing.SyntheticSamples;

/**
 * Damage to a written store is reported, naming the damaged file, on open or by {@link SampleStore#verify()}; the fault
 * run's damage never reaches training: {@link SampleStore#openVerified} fails first, naming the split/column.
 */
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
        flipBits(column, 1_234, 0x01);
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
        Files.writeString(manifest, Files.readString(manifest).replace("\"version\" : 2,", "\"version\" : 3,"));
        assertBadInput(() -> SampleStore.open(dir), manifest, 0, null, "holds format recllm-samples v3",
                "reads recllm-samples v2");
    }

    @Test
    void aStoreOfTheFormerVersionIsToldToBePreparedAgain() throws IOException {
        Path manifest = generation.resolve("manifest.json");
        Files.writeString(manifest, Files.readString(manifest).replace("\"version\" : 2,", "\"version\" : 1,")
                .replaceAll(",\\s*\"role\" : \"[A-Z_]+\"", ""));
        assertBadInput(() -> SampleStore.open(dir), manifest, 0, null, "holds format recllm-samples v1",
                "prepared by an older RecLLM: prepare it again");
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

    private static void flipBits(Path column, long offset, int mask) throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(column.toFile(), "rw")) {
            file.seek(offset);
            int b = file.read();
            file.seek(offset);
            file.write(b ^ mask);
        }
    }

    private static void putInt(Path column, long offset, int value) throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(column.toFile(), "rw")) {
            file.seek(offset);
            file.write(new byte[] {(byte) value, (byte) (value >>> 8), (byte) (value >>> 16), (byte) (value >>> 24)});
        }
    }

    @Test
    void anUndamagedStoreOpensVerified() {
        try (SampleStore store = SampleStore.openVerified(dir)) {
            assertEquals(1_000, store.split(Split.TRAIN).rows());
        }
    }

    @Test
    void anIdSetTo0x7fffffffNamesColumnAndRow() throws IOException {
        Path column = generation.resolve("train/item_id.bin");
        putInt(column, 4L * 17, 0x7fffffff);
        assertBadInput(() -> SampleStore.openVerified(dir), column, 0, "train/item_id",
                "row 17 holds 2147483647", "ids of the vocabulary 'item_id'");
    }

    @Test
    void aNegativeIdInAHistoryNamesItsRow() throws IOException {
        Path column = generation.resolve("valid/hist_genre.bin");
        putInt(column, 4L * (SyntheticSamples.HISTORY * 3 + 1), -2);
        assertBadInput(() -> SampleStore.openVerified(dir), column, 0, "valid/hist_genre", "row 3 holds -2");
    }

    @Test
    void oneFlippedByteInAColumnFailsByItsChecksum() throws IOException {
        Path column = generation.resolve("test/meta_timestamp.bin");
        flipBits(column, 100, 0x10);
        assertBadInput(() -> SampleStore.openVerified(dir), column, 0, "test/meta_timestamp", "checksum mismatch");
    }

    @Test
    void aLabelOtherThanZeroOrOneIsNamed() throws IOException {
        Path column = generation.resolve("train/label.bin");
        putInt(column, 0, Float.floatToIntBits(7f));
        assertBadInput(() -> SampleStore.openVerified(dir), column, 0, "train/label", "row 0 holds the label 7.0");
    }

    @Test
    void aSequenceLengthBeyondTheSequenceIsNamed() throws IOException {
        Path column = generation.resolve("train/history_length.bin");
        putInt(column, 4L * 5, SyntheticSamples.HISTORY + 1);
        assertBadInput(() -> SampleStore.openVerified(dir), column, 0, "train/history_length",
                "row 5 holds " + (SyntheticSamples.HISTORY + 1), "lengths of the sequence 'history'");
    }

    @Test
    void missingFilesAreNamedAsDamageNotAsRawIoErrors() throws IOException {
        Path vocabulary = generation.resolve("vocab/genres.json");
        Files.delete(vocabulary);
        assertBadInput(() -> SampleStore.open(dir), vocabulary, 0, null, "is missing; the store is damaged");
        dir = tmp.resolve("again");
        writeStore();
        Path column = generation.resolve("valid/price.bin");
        Files.delete(column);
        assertBadInput(() -> SampleStore.open(dir), column, 0, null, "is missing; the store is damaged");
    }

    @Test
    void aManifestMissingItsSplitsIsNotValid() throws IOException {
        Path manifest = generation.resolve(SampleStoreWriter.MANIFEST);
        Files.writeString(manifest, Files.readString(manifest).replaceFirst("\"splits\" :", "\"spl1ts\" :"));
        assertBadInput(() -> SampleStore.open(dir), manifest, 0, null, "is not a valid store manifest",
                "splits are required");
    }
}
