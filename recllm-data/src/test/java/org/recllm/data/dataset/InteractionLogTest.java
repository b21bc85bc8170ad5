package org.recllm.data.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recllm.core.io.BadInputException;
import org.recllm.data.protocol.Ml100kU1Protocol;
import org.recllm.data.protocol.TemporalProtocol;
import org.recllm.data.samples.MovieLensFeatures;
import org.recllm.data.samples.SampleEncoder;
import org.recllm.data.schema.FieldKind;
import org.recllm.data.store.SampleStore;
import org.recllm.data.store.SampleStoreWriter;
import org.recllm.data.testing.RealMl100k;

/**
 * The generic interaction log: ML-100K written in the format reads back as the same users, items and ratings and
 * prepares into the same samples, column for column; a log without tables gets id-only entities; bad input is refused
 * naming file, line and column.
 */
class InteractionLogTest {
    @TempDir
    Path dir;

    @Test
    void ml100kWrittenAsALogReadsBackWholeAndPreparesIntoTheSameSamples() {
        RatingDataset movieLens = RealMl100k.dataset();
        Path log = dir.resolve("log");
        InteractionLogWriter.write(movieLens, log);
        RatingDataset read = Datasets.read(InteractionLog.NAME, log);

        assertEquals(InteractionLog.NAME, read.name());
        assertEquals(movieLens.ratings(), read.ratings(), "every rating, in file order");
        assertEquals(movieLens.items(), read.items(), "titles with commas and quotes, years, genres in order");
        assertEquals(movieLens.users(), read.users());
        assertTrue(read.officialSplit().isEmpty());

        Path fromMovieLens = dir.resolve("ml");
        Path fromLog = dir.resolve("lg");
        SampleStoreWriter.write(fromMovieLens, new SampleEncoder(movieLens, MovieLensFeatures.of(movieLens, 20))
                .encode(new TemporalProtocol().split(movieLens)));
        SampleStoreWriter.write(fromLog, new SampleEncoder(read, MovieLensFeatures.of(read, 20))
                .encode(new TemporalProtocol().split(read)));
        try (SampleStore expected = SampleStore.openVerified(fromMovieLens); SampleStore actual = SampleStore.openVerified(fromLog)) {
            assertEquals(expected.schema(), actual.schema());
            assertEquals(expected.contentId(), actual.contentId(), "every column of every split, byte for byte");
            assertEquals(expected.vocabularies().keySet(), actual.vocabularies().keySet());
            assertEquals(InteractionLog.NAME, actual.info().dataset());
        }

        var u1 = assertThrows(BadInputException.class, () -> new Ml100kU1Protocol().split(read));
        assertTrue(u1.getMessage().contains("use the time protocol for log"), u1.getMessage());
    }

    @Test
    void aLogWithoutTablesKnowsItsEntitiesByIdAndHasNoDemographics() throws IOException {
        Path log = Files.createDirectories(dir.resolve("bare"));
        Files.writeString(log.resolve("interactions.csv"), "timestamp,item_id,user_id,rating,device\n"
                + "100,7,1,4.5,tv\n\n101,8,1,2,tv\n102,7,2,5,\n103,9,2,1,phone\n104,8,3,4,tv\n105,9,1,3,tv\n");
        RatingDataset read = Datasets.read(InteractionLog.NAME, log);
        assertEquals(new Rating(1, 7, 4.5f, 100), read.ratings().getFirst(), "columns found by the header's names, others ignored");
        assertEquals(1, read.ratings().getFirst().label());
        assertEquals(Map.of(1, User.anonymous(1), 2, User.anonymous(2), 3, User.anonymous(3)), read.users());
        assertEquals(new Item(8, "item 8", null, List.of()), read.item(8));
        assertFalse(read.hasDemographics());

        var samples = new SampleEncoder(read, MovieLensFeatures.of(read, 3)).encode(new TemporalProtocol().split(read));
        assertEquals(List.of("user_id", "item_id", "year", "genres", "hist_item", "hist_genre", "hist_label"),
                samples.schema().fields().stream().map(f -> f.name()).toList());
        assertEquals(1, samples.schema().fields().stream().filter(f -> f.kind() == FieldKind.MULTI_HOT)
                .mapToInt(f -> f.width()).max().orElseThrow(), "an item without genres still has a one-slot genre field");
    }

    @Test
    void badInputIsRefusedNamingFileLineAndColumn() throws IOException {
        assertRefused("user_id,item_id,rating\n1,2,5\n", null, null, "interactions.csv:1: field 'timestamp': missing column");
        assertRefused("user_id,item_id,rating,timestamp,rating\n1,2,5,100,4\n", null, null,
                "interactions.csv:1: the header names a column twice");
        assertRefused("user_id,item_id,rating,timestamp\n1,2,5,100\n", "item_id,title\n,Heat\n", null,
                "items.csv:2: field 'item_id': empty; every row needs its item_id");
        assertRefused("user_id,item_id,rating,timestamp\n1,2,5,100\n1,2,five,101\n", null, null,
                "interactions.csv:3: field 'rating': expected a number, got 'five'");
        assertRefused("user_id,item_id,rating,timestamp\n1,2,5\n", null, null,
                "interactions.csv:2: expected 4 comma-separated fields");
        assertRefused("user_id,item_id,rating,timestamp\n1,2,5,100,7\n", null, null,
                "interactions.csv:2: expected 4 comma-separated fields as in the header, found more");
        assertRefused("user_id,item_id,rating,timestamp\n1,2,5,-3\n", null, null,
                "interactions.csv:2: field 'timestamp': expected a non-negative Unix timestamp, got -3");
        assertRefused("user_id,item_id,rating,timestamp\n1,2,5,100\n1,2,5,100\n", null, null,
                "interactions.csv:3: repeats line 2: user 1 rated item 2 at 100 twice");
        assertRefused("user_id,item_id,rating,timestamp\n1,3,5,100\n", "item_id,title\n2,\"Heat, the film\"\n", null,
                "interactions.csv:2: field 'item_id': item 3 is not in the items table");
        assertRefused("user_id,item_id,rating,timestamp\n1,2,5,100\n", "item_id,titel\n2,Heat\n", null,
                "items.csv:1: field 'titel': unknown column; expected some of [item_id, title, year, genres]");
        assertRefused("user_id,item_id,rating,timestamp\n1,2,5,100\n", "item_id,year\n2,95s\n", null,
                "items.csv:2: field 'year': expected a year like 1995 or nothing, got '95s'");
        assertRefused("user_id,item_id,rating,timestamp\n1,2,5,100\n", null, "user_id,age\n1,200\n",
                "users.csv:2: field 'age': age 200 is out of range; expected 1 to 120");
        assertRefused("user_id,item_id,rating,timestamp\n", null, null, "interactions.csv: holds no ratings");

        Path parquetOnly = Files.createDirectories(dir.resolve("parquet"));
        Files.createDirectories(parquetOnly.resolve("interactions.parquet"));
        var parquet = assertThrows(BadInputException.class, () -> Datasets.read(InteractionLog.NAME, parquetOnly));
        assertEquals(parquetOnly.resolve("interactions.parquet") + ": Parquet tables are read by recllm spark prepare; "
                + "the local path reads interactions.csv", parquet.getMessage());
        Path csvFolder = Files.createDirectories(dir.resolve("parts").resolve("interactions.csv"));
        var folder = assertThrows(BadInputException.class, () -> Datasets.read(InteractionLog.NAME, csvFolder.getParent()));
        assertEquals(csvFolder + ": not a file; expected the table as one CSV file", folder.getMessage());
        Path both = Files.createDirectories(dir.resolve("both"));
        Files.writeString(both.resolve("interactions.csv"), "user_id,item_id,rating,timestamp\n1,2,5,100\n");
        Files.createDirectories(both.resolve("interactions.parquet"));
        var twice = assertThrows(BadInputException.class, () -> Datasets.read(InteractionLog.NAME, both));
        assertEquals(both + ": holds both interactions.csv and interactions.parquet; keep the one to read", twice.getMessage());
    }

    private void assertRefused(String interactions, String items, String users, String expected) throws IOException {
        Path log = Files.createDirectories(dir.resolve("case" + System.nanoTime()));
        Files.writeString(log.resolve("interactions.csv"), interactions);
        if (items != null) {
            Files.writeString(log.resolve("items.csv"), items);
        }
        if (users != null) {
            Files.writeString(log.resolve("users.csv"), users);
        }
        var error = assertThrows(BadInputException.class, () -> Datasets.read(InteractionLog.NAME, log));
        assertTrue(error.getMessage().startsWith(log + "/" + expected.substring(0, expected.indexOf(':')))
                && error.getMessage().contains(expected.substring(expected.indexOf(':'))), error.getMessage());
    }
}
