package org.recllm.data.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recllm.core.io.AtomicFiles;
import org.recllm.data.protocol.Split;
import org.recllm.data.schema.Vocabulary;
import org.recllm.data.testing.RealMl100k;
import org.recllm.data.testing.StoreContent;
import org.recllm.data.testing.SyntheticSamples;

/** What {@link SampleStoreWriter} writes, {@link SampleStore} reads back unchanged, with a matching stats.json. */
class SampleStoreRoundTripTest {
    @TempDir
    Path tmp;

    @Test
    void syntheticSetWithEveryKindOfFieldComesBackEqual() {
        SampleSet set = SyntheticSamples.build(7, 1_000);
        SampleStoreWriter.write(tmp.resolve("store"), set);
        try (SampleStore store = SampleStore.open(tmp.resolve("store"))) {
            StoreContent.assertSame(set, store);
            store.verify();
            assertEquals(tmp.resolve("store"), store.directory());
        }
    }

    @Test
    void realU1SamplesComeBackEqual() {
        SampleSet set = RealMl100k.u1Samples();
        StoreStats written = SampleStoreWriter.write(tmp.resolve("u1"), set).stats();
        try (SampleStore store = SampleStore.open(tmp.resolve("u1"))) {
            StoreContent.assertSame(set, store);
            assertEquals(json(written), json(store.stats()), "stats (its histograms are arrays, so compared as JSON)");
            assertEquals(80_000, store.split(Split.TRAIN).rows() + store.split(Split.VALID).rows());
            assertEquals(20_000, store.split(Split.TEST).rows());
        }
    }

    @Test
    void statsJsonHoldsRowsPositivesUsersItemsOovRateAndHistoryLengths() throws Exception {
        SampleSet set = SyntheticSamples.build(11, 400);
        StoreStats returned = SampleStoreWriter.write(tmp.resolve("store"), set).stats();
        JsonNode json = AtomicFiles.JSON.readTree(tmp.resolve("store").resolve("stats.json").toFile());
        for (Split split : Split.values()) {
            SplitColumns columns = set.splits().get(split);
            float[] labels = ((Column.Floats) columns.column(Columns.LABEL)).values();
            int[] itemIds = ((Column.Ints) columns.column("item_id")).values();
            int[] lengths = ((Column.Ints) columns.column("history_length")).values();
            long positives = 0;
            for (float label : labels) {
                positives += label == 1f ? 1 : 0;
            }
            long oov = Arrays.stream(itemIds).filter(id -> id == Vocabulary.OOV).count();
            long[] histogram = new long[SyntheticSamples.HISTORY + 1];
            for (int length : lengths) {
                histogram[length]++;
            }
            JsonNode stats = json.path("splits").path(split.id());
            assertEquals(labels.length, stats.path("rows").asInt(), split.id());
            assertEquals(positives, stats.path("positives").asLong(), split.id());
            assertEquals(positives / (double) labels.length, stats.path("positiveRate").asDouble(), 1e-12, split.id());
            assertEquals(distinct(columns, Columns.USER), stats.path("users").asInt(), split.id());
            assertEquals(distinct(columns, Columns.ITEM), stats.path("items").asInt(), split.id());
            assertEquals(oov / (double) labels.length, stats.path("oovItemRate").asDouble(), 1e-12, split.id());
            JsonNode storedHistogram = json.path("sequenceLengthHistograms").path(split.id()).path("history");
            assertEquals(histogram.length, storedHistogram.size(), split.id());
            for (int i = 0; i < histogram.length; i++) {
                assertEquals(histogram[i], storedHistogram.get(i).asLong(), split.id() + " length " + i);
            }
        }
        assertEquals(Map.of("genres", SyntheticSamples.GENRES + 2, "item_id", SyntheticSamples.ITEMS + 2,
                "user_id", SyntheticSamples.USERS + 2), AtomicFiles.JSON.convertValue(json.path("vocabularySizes"), Map.class));
        assertEquals("synthetic", json.path("info").path("dataset").asText());
        try (SampleStore store = SampleStore.open(tmp.resolve("store"))) {
            assertEquals(json(returned), json(store.stats()));
        }
        assertEquals(json(returned), json);
    }

    @Test
    void emptySplitsAreStoredToo() {
        SampleSet set = SyntheticSamples.build(3, 1);
        assertEquals(0, set.splits().get(Split.TEST).rows());
        SampleStoreWriter.write(tmp.resolve("store"), set);
        try (SampleStore store = SampleStore.open(tmp.resolve("store"))) {
            StoreContent.assertSame(set, store);
            assertArrayEquals(new float[0], store.split(Split.TEST).labels().toArray());
        }
    }

    /** As JSON text parsed back, so numbers compare by value whatever node type they were built as. */
    private static JsonNode json(StoreStats stats) {
        try {
            return AtomicFiles.JSON.readTree(AtomicFiles.JSON.writeValueAsString(stats));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static int distinct(SplitColumns columns, String name) {
        return (int) Arrays.stream(((Column.Ints) columns.column(name)).values()).distinct().count();
    }
}
