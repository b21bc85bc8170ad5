package org.recllm.spark.prepare;

import static org.apache.spark.sql.functions.col;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;
import org.apache.spark.storage.StorageLevel;
import org.recllm.core.io.BadInputException;
import org.recllm.core.io.CsvRecord;
import org.recllm.core.io.TextLines;
import org.recllm.data.dataset.Duplicates;
import org.recllm.data.dataset.InteractionColumns;
import org.recllm.data.dataset.InteractionLog;
import org.recllm.data.dataset.Item;
import org.recllm.data.dataset.Rating;
import org.recllm.data.dataset.User;
import org.recllm.data.protocol.Ml100kU1Protocol;
import scala.Tuple2;

/**
 * An {@link InteractionLog} folder whose tables are CSV files or Parquet tables (a file or a folder of parts, as Spark
 * writes them): {@code interactions}, and optionally {@code items} and {@code users}. Interactions are read in parts
 * and parsed by the local reader's code, so errors are the same; a CSV error names the line, a Parquet error the row (in
 * the table's order, from 1). The entity tables are read on the driver; without one, the entities are the ids the
 * interactions name.
 */
final class InteractionLogTables implements RatingSource {
    private static final String FILE_PATH = "_metadata.file_path";
    private static final String ROW_INDEX = "_metadata.row_index";
    private static final String FILE = "file";
    private static final String ROW = "row";
    private final Broadcast<DatasetMetadata> metadata;
    private final JavaRDD<Rating> ratings;
    private final Path dir;

    private InteractionLogTables(Broadcast<DatasetMetadata> metadata, JavaRDD<Rating> ratings, Path dir) {
        this.metadata = metadata;
        this.ratings = ratings;
        this.dir = dir;
    }

    /** Known ids for the interactions' checks; null when the log has no table of that kind. */
    private record KnownIds(Set<Integer> users, Set<Integer> items) implements java.io.Serializable {}

    static InteractionLogTables open(SparkSession session, Path dir, int partitions, Duplicates duplicates) {
        if (!Files.isDirectory(dir)) {
            throw new BadInputException(dir, "not a directory; expected the folder that holds the log's tables");
        }
        JavaSparkContext context = JavaSparkContext.fromSparkContext(session.sparkContext());
        Path interactions = InteractionLog.table(dir, InteractionLog.INTERACTIONS, true).orElseThrow(() -> new BadInputException(
                dir.resolve(InteractionLog.INTERACTIONS + InteractionLog.CSV), "not found, nor "
                        + InteractionLog.INTERACTIONS + InteractionLog.PARQUET + "; expected the log's interactions"));
        Optional<Map<Integer, Item>> itemTable = InteractionLog.table(dir, InteractionLog.ITEMS, true).map(file -> isCsv(file)
                ? InteractionLog.readItems(file)
                : InteractionLog.items(records(session, file, InteractionColumns.ITEM_ID, InteractionLog.ITEM_COLUMNS)));
        Optional<Map<Integer, User>> userTable = InteractionLog.table(dir, InteractionLog.USERS, true).map(file -> isCsv(file)
                ? InteractionLog.readUsers(file)
                : InteractionLog.users(records(session, file, InteractionColumns.USER_ID, InteractionLog.USER_COLUMNS)));
        Broadcast<KnownIds> known = context.broadcast(new KnownIds(userTable.map(t -> new HashSet<>(t.keySet())).orElse(null),
                itemTable.map(t -> new HashSet<>(t.keySet())).orElse(null)));
        String source = interactions.toString();
        JavaPairRDD<Long, Rating> numbered = isCsv(interactions)
                ? csvLines(context, interactions, partitions, known)
                : parquetRows(session, interactions, partitions, known);
        // Cached once, parsed: the checks, the id collection and the protocol all read it.
        JavaRDD<Rating> ratings = RatingFiles.withoutRepeats(source, numbered.persist(StorageLevel.MEMORY_AND_DISK_SER()),
                duplicates);
        Map<Integer, User> users = userTable.orElseGet(() -> InteractionLog.anonymousUsers(distinct(ratings.map(Rating::userId))));
        Map<Integer, Item> items = itemTable.orElseGet(() -> InteractionLog.unnamedItems(distinct(ratings.map(Rating::itemId))));
        return new InteractionLogTables(context.broadcast(new DatasetMetadata(InteractionLog.NAME, dir.toString(), users, items)),
                ratings, dir);
    }

    @Override
    public Broadcast<DatasetMetadata> metadata() {
        return metadata;
    }

    @Override
    public JavaRDD<Rating> all() {
        return ratings;
    }

    @Override
    public OfficialSplit official() {
        throw Ml100kU1Protocol.withoutOfficialSplit(dir, InteractionLog.NAME);
    }

    /** Lines after the header, parsed with the header's columns; line numbers as in the file. */
    private static JavaPairRDD<Long, Rating> csvLines(JavaSparkContext context, Path file, int partitions,
                                                      Broadcast<KnownIds> known) {
        String source = file.toString();
        InteractionColumns columns;
        try (TextLines in = TextLines.open(file, StandardCharsets.UTF_8)) {
            columns = InteractionColumns.of(source, in.next());
        }
        return context.textFile(file.toUri().toString(), partitions).zipWithIndex()
                .filter(line -> line._2() > 0 && !line._1().isBlank())
                .mapToPair(line -> {
                    long number = line._2() + 1;
                    KnownIds ids = known.value();
                    return new Tuple2<>(number, columns.parse(source, number, line._1(), ids.users(), ids.items()));
                });
    }

    /**
     * Rows of a Parquet table, by the four columns' names (others ignored), numbered from 1 through the part files in
     * name order (the order a listing shows), whatever order Spark scans them in.
     */
    private static JavaPairRDD<Long, Rating> parquetRows(SparkSession session, Path table, int partitions,
                                                         Broadcast<KnownIds> known) {
        String source = table.toString();
        Dataset<Row> rows = session.read().parquet(table.toUri().toString());
        InteractionColumns.of(source, 0, Arrays.asList(rows.columns()));
        List<Column> selected = positionColumns();
        for (String name : InteractionColumns.NAMES) {
            DataType type = rows.schema().apply(name).dataType();
            boolean time = type instanceof TimestampType || type instanceof TimestampNTZType;
            // A timestamp column counts as its Unix seconds; every other type is parsed from its text, as in a CSV.
            selected.add((time ? col(name).cast("long").cast("string") : col(name).cast("string")).as(name));
        }
        Dataset<Row> located = rows.select(selected.toArray(Column[]::new));
        Broadcast<Map<String, Long>> offsets = JavaSparkContext.fromSparkContext(session.sparkContext())
                .broadcast(fileOffsets(located));
        return scanned(session, located, partitions).mapToPair(r -> {
            long number = offsets.value().get(r.getString(0)) + r.getLong(1) + 1;
            KnownIds ids = known.value();
            return new Tuple2<>(number, InteractionColumns.rating(source, number, r.getString(2), r.getString(3),
                    r.getString(4), r.getString(5), ids.users(), ids.items()));
        });
    }

    /**
     * The rows of a scan in at least {@code partitions} splits where the files allow: Spark packs small files into as
     * few splits as it has cores, and the cached ratings would then sit in a few large blocks that every later pass
     * reads (10M rows at 2 cores: 179 s to prepare with 2 splits, 165 s with 8). Split here rather than by a shuffle,
     * which moves the rows' text and measured no faster.
     */
    private static JavaRDD<Row> scanned(SparkSession session, Dataset<Row> rows, int partitions) {
        String key = "spark.sql.files.minPartitionNum";
        String before = session.conf().contains(key) ? session.conf().get(key) : null;
        session.conf().set(key, Integer.toString(partitions));
        try {
            return rows.javaRDD();
        } finally {
            if (before == null) {
                session.conf().unset(key);
            } else {
                session.conf().set(key, before);
            }
        }
    }

    /** The part file and the row within it, the first two columns of a selection; more are added after them. */
    private static List<Column> positionColumns() {
        return new ArrayList<>(List.of(col(FILE_PATH).as(FILE), col(ROW_INDEX).as(ROW)));
    }

    /** The number of rows before each part file of a table, files in name order. */
    private static Map<String, Long> fileOffsets(Dataset<Row> located) {
        Map<String, Long> counts = new TreeMap<>();
        for (Row count : located.groupBy(FILE).count().collectAsList()) {
            counts.put(count.getString(0), count.getLong(1));
        }
        Map<String, Long> offsets = new HashMap<>();
        long before = 0;
        for (Map.Entry<String, Long> file : counts.entrySet()) {
            offsets.put(file.getKey(), before);
            before += file.getValue();
        }
        return offsets;
    }

    /**
     * The rows of a small Parquet entity table as records of text values, for the local reader's row parsing, numbered
     * through the part files in name order.
     */
    private static java.util.function.Supplier<CsvRecord> records(SparkSession session, Path table, String id,
                                                                   List<String> knownColumns) {
        String source = table.toString();
        Dataset<Row> rows = session.read().parquet(table.toUri().toString());
        List<String> columns = Arrays.asList(rows.columns());
        InteractionLog.requireKnownColumns(source, columns, id, knownColumns);
        Map<String, Integer> positions = new HashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            positions.put(columns.get(i), i);
        }
        List<Column> selected = positionColumns();
        columns.forEach(name -> selected.add(col(name).cast("string")));
        Iterator<Row> collected = rows.select(selected.toArray(Column[]::new)).orderBy(FILE, ROW).toLocalIterator();
        long[] number = {0};
        return () -> {
            if (!collected.hasNext()) {
                return null;
            }
            Row row = collected.next();
            String[] values = new String[columns.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = row.isNullAt(i + 2) ? "" : row.getString(i + 2);
            }
            return new CsvRecord(source, ++number[0], values, positions);
        };
    }

    private static int[] distinct(JavaRDD<Integer> ids) {
        return ids.distinct().collect().stream().mapToInt(Integer::intValue).toArray();
    }

    private static boolean isCsv(Path file) {
        return file.getFileName().toString().endsWith(InteractionLog.CSV);
    }
}
