package org.recllm.spark.prepare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recllm.core.io.BadInputException;
import org.recllm.core.testing.SharedData;
import org.recllm.data.dataset.Datasets;
import org.recllm.data.dataset.Duplicates;
import org.recllm.data.dataset.InteractionLog;
import org.recllm.data.dataset.InteractionLogWriter;
import org.recllm.data.dataset.RatingDataset;
import org.recllm.data.protocol.TemporalProtocol;
import org.recllm.data.samples.MovieLensFeatures;
import org.recllm.data.samples.SampleEncoder;
import org.recllm.data.store.SampleStore;
import org.recllm.data.store.SampleStoreWriter;
import org.recllm.spark.LocalSpark;

/**
 * {@code spark prepare --dataset log}: ML-100K as an interaction log, in CSV and in Parquet (tables split in several
 * part files), prepares into the samples {@code data prepare} makes from GroupLens's files, column for column; a log
 * of interactions alone into the samples the local reader makes of it; bad rows are refused naming the row.
 */
class InteractionLogPreparationTest extends LocalSpark {
    @TempDir
    static Path dir;

    private static RatingDataset movieLens;
    private static Path expectedTime;

    @BeforeAll
    static void prepareLocally() {
        movieLens = Datasets.read("ml-100k", SharedData.ml100k());
        expectedTime = dir.resolve("local-time");
        SampleStoreWriter.write(expectedTime, new SampleEncoder(movieLens, MovieLensFeatures.of(movieLens, 20))
                .encode(new TemporalProtocol().split(movieLens)));
    }

    private static DistributedPreparation preparation() {
        return new DistributedPreparation(session, 3, QUIET);
    }

    @Test
    void ml100kAsACsvLogGivesTheSamplesOfGroupLensFiles() {
        Path log = dir.resolve("csv-log");
        InteractionLogWriter.write(movieLens, log);
        Path out = dir.resolve("spark-csv");
        preparation().prepare(InteractionLog.NAME, log, Duplicates.ERROR, "time", 20, out);
        SameSamples.assertSameSamples(expectedTime, out);
        try (SampleStore store = SampleStore.openVerified(out)) {
            assertEquals(InteractionLog.NAME, store.info().dataset());
        }
        var u1 = assertThrows(BadInputException.class,
                () -> preparation().prepare(InteractionLog.NAME, log, Duplicates.ERROR, "ml100k-u1", 20, dir.resolve("u1")));
        assertEquals(log.resolve("u1.base") + ": protocol ml100k-u1 needs ML-100K's official split u1.base/u1.test; "
                + "use the time protocol for log", u1.getMessage());
    }

    @Test
    void ml100kAsAParquetLogGivesTheSamplesOfGroupLensFiles() {
        Path log = dir.resolve("parquet-log");
        writeParquetLog(movieLens, log);
        Path out = dir.resolve("spark-parquet");
        preparation().prepare(InteractionLog.NAME, log, Duplicates.ERROR, "time", 20, out);
        SameSamples.assertSameSamples(expectedTime, out);
        // Spark would pack the three small part files into one split; the ratings come in one partition per file.
        assertEquals(3, RatingSource.open(session, InteractionLog.NAME, log, 8, Duplicates.ERROR).all().getNumPartitions());
    }

    @Test
    void interactionsAloneGiveTheLocalReadersSamples() throws IOException {
        Path log = Files.createDirectories(dir.resolve("bare"));
        InteractionLogWriter.write(movieLens, dir.resolve("full"));
        Files.copy(dir.resolve("full").resolve("interactions.csv"), log.resolve("interactions.csv"));
        RatingDataset bare = Datasets.read(InteractionLog.NAME, log);
        Path local = dir.resolve("bare-local");
        SampleStoreWriter.write(local, new SampleEncoder(bare, MovieLensFeatures.of(bare, 10))
                .encode(new TemporalProtocol().split(bare)));
        Path out = dir.resolve("bare-spark");
        preparation().prepare(InteractionLog.NAME, log, Duplicates.ERROR, "time", 10, out);
        SameSamples.assertSameSamples(local, out);
    }

    @Test
    void aBadParquetRowIsRefusedNamingTheRowAndColumn() throws IOException {
        Path log = dir.resolve("bad-parquet");
        List<Row> rows = new ArrayList<>();
        rows.add(RowFactory.create(1, 2, 5.0, 100L));
        rows.add(RowFactory.create(1, 3, null, 101L));
        session.createDataFrame(rows, interactionSchema()).coalesce(1).write().parquet(log.resolve("interactions.parquet").toString());
        var error = assertThrows(BadInputException.class,
                () -> preparation().prepare(InteractionLog.NAME, log, Duplicates.ERROR, "time", 5, dir.resolve("bad-out")));
        assertEquals(log.resolve("interactions.parquet") + ":2: field 'rating': empty; every row needs its rating", error.getMessage());

        // Rows count through the part files in name order, whatever order they are scanned in.
        Path parts = dir.resolve("parts").resolve("interactions.parquet");
        List<Row> good = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            good.add(RowFactory.create(1, 10 + i, 4.0, 100L + i));
        }
        session.createDataFrame(good, interactionSchema()).coalesce(1).write().parquet(parts.toString());
        List<Row> later = new ArrayList<>(List.of(RowFactory.create(2, 3, 4.0, 50L), RowFactory.create(2, 4, 4.0, 51L),
                RowFactory.create(2, 5, 4.0, -7L)));
        session.createDataFrame(later, interactionSchema()).coalesce(1).write().mode("append").parquet(parts.toString());
        // The small file named first: Spark scans the larger file first, so scan order would put the bad row at 43.
        try (var listing = Files.list(parts)) {
            for (Path file : listing.filter(p -> p.getFileName().toString().endsWith(".parquet")).toList()) {
                Files.move(file, parts.resolve((Files.size(file) == largest(parts) ? "b" : "a") + ".parquet"));
            }
        }
        var negative = assertThrows(BadInputException.class,
                () -> preparation().prepare(InteractionLog.NAME, parts.getParent(), Duplicates.ERROR, "time", 5, dir.resolve("parts-out")));
        assertEquals(parts + ":3: field 'timestamp': expected a non-negative Unix timestamp, got -7",
                negative.getMessage());

        Path misspelt = dir.resolve("misspelt");
        session.createDataFrame(List.of(RowFactory.create(1, 2, 5.0, 100L)), interactionSchema()).write()
                .parquet(misspelt.resolve("interactions.parquet").toString());
        session.createDataFrame(List.of(RowFactory.create(2, "Heat")), new StructType().add("item_id", DataTypes.IntegerType)
                .add("titel", DataTypes.StringType)).write().parquet(misspelt.resolve("items.parquet").toString());
        var unknown = assertThrows(BadInputException.class,
                () -> preparation().prepare(InteractionLog.NAME, misspelt, Duplicates.ERROR, "time", 5, dir.resolve("misspelt-out")));
        assertTrue(unknown.getMessage().contains("field 'titel': unknown column"), unknown.getMessage());
    }

    private static long largest(Path dir) throws IOException {
        try (var listing = Files.list(dir)) {
            long size = 0;
            for (Path file : listing.filter(p -> p.getFileName().toString().endsWith(".parquet")).toList()) {
                size = Math.max(size, Files.size(file));
            }
            return size;
        }
    }

    /** The dataset as Parquet tables with typed columns (times as timestamps), each in several part files. */
    private static void writeParquetLog(RatingDataset dataset, Path log) {
        List<Row> interactions = dataset.ratings().stream().map(r -> RowFactory.create(r.userId(), r.itemId(),
                (double) r.value(), new java.sql.Timestamp(r.timestamp() * 1000))).toList();
        StructType timed = new StructType().add("user_id", DataTypes.IntegerType).add("item_id", DataTypes.IntegerType)
                .add("rating", DataTypes.DoubleType).add("timestamp", DataTypes.TimestampType);
        session.createDataFrame(interactions, timed).repartition(3)
                .write().parquet(log.resolve("interactions.parquet").toString());
        List<Row> items = dataset.items().values().stream().map(i -> RowFactory.create(i.id(), i.title(), i.year(),
                String.join("|", i.genres()))).toList();
        session.createDataFrame(items, new StructType().add("item_id", DataTypes.IntegerType)
                        .add("title", DataTypes.StringType).add("year", DataTypes.IntegerType).add("genres", DataTypes.StringType))
                .repartition(2).write().parquet(log.resolve("items.parquet").toString());
        List<Row> users = dataset.users().values().stream().map(u -> RowFactory.create(u.id(), u.gender(), u.age(),
                u.occupation(), u.zipCode())).toList();
        session.createDataFrame(users, new StructType().add("user_id", DataTypes.IntegerType).add("gender", DataTypes.StringType)
                        .add("age", DataTypes.IntegerType).add("occupation", DataTypes.StringType).add("zip", DataTypes.StringType))
                .repartition(2).write().parquet(log.resolve("users.parquet").toString());
    }

    private static StructType interactionSchema() {
        return new StructType().add("user_id", DataTypes.IntegerType).add("item_id", DataTypes.IntegerType)
                .add("rating", DataTypes.DoubleType).add("timestamp", DataTypes.LongType);
    }
}
