package org.recllm.spark.score;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.recllm.core.io.BadInputException;
import org.recllm.data.schema.FieldRole;
import org.recllm.data.schema.Schema;
import org.recllm.serve.bundle.ModelBundle;
import org.recllm.serve.scoring.BatchScorer;
import org.recllm.spark.TaskFailures;

/**
 * Batch scoring of a trained bundle over a candidate table (Parquet or CSV with a header) with the user and item id
 * columns the bundle's schema names: each partition's pairs sorted by user, so that each user's candidates form
 * requests, scored on the executors exactly as the scoring server scores them, and written with a {@code score}
 * column beside the ids (Parquet, or CSV when the output ends in {@code .csv}).
 */
public final class DistributedScoring {
    /** Pairs scored between two hand-overs to Spark: bounds what a task holds, whatever the partition's size. */
    private static final int CHUNK = 8192;

    private final SparkSession session;
    private final int partitions;

    public DistributedScoring(SparkSession session, int partitions) {
        this.session = session;
        this.partitions = partitions;
    }

    /** Scores every row of {@code candidates} with {@code bundle} into {@code out}; returns the rows scored. */
    public long score(Path bundle, String candidates, String out, int maxCandidates) {
        return TaskFailures.unwrapping(() -> run(bundle, candidates, out, maxCandidates));
    }

    private long run(Path bundle, String candidates, String out, int maxCandidates) {
        if (!out.contains("://") && Files.exists(Path.of(out))) {
            throw new BadInputException("--out", 0, null, out + " exists; choose a new path so nothing is overwritten");
        }
        Schema schema = ModelBundle.manifest(bundle).schema();
        String userColumn = schema.requireIdField(FieldRole.USER_ID).name();
        String itemColumn = schema.requireIdField(FieldRole.ITEM_ID).name();
        Dataset<Row> table = read(candidates);
        for (String column : List.of(userColumn, itemColumn)) {
            if (!List.of(table.columns()).contains(column)) {
                throw new BadInputException(candidates, 0, column, "missing; the bundle's model needs the columns "
                        + userColumn + " and " + itemColumn + ", the table has " + List.of(table.columns()));
            }
        }
        Dataset<Row> pairs = table.select(userColumn, itemColumn)
                .repartition(partitions, functions.col(userColumn))
                .sortWithinPartitions(userColumn);
        StructType scoredSchema = pairs.schema().add("score", DataTypes.FloatType, false);
        String bundlePath = bundle.toAbsolutePath().toString();
        String version = ModelBundle.currentVersion(bundle);
        String source = candidates;
        JavaRDD<Row> scored = pairs.javaRDD().mapPartitions(rows -> scoreChunks(rows, bundlePath, version, maxCandidates,
                source, userColumn, itemColumn));
        Dataset<Row> result = session.createDataFrame(scored, scoredSchema);
        var writer = result.write().mode(SaveMode.ErrorIfExists);
        if (out.endsWith(".csv")) {
            writer.option("header", "true").csv(out);
        } else {
            writer.parquet(out);
        }
        return read(out).count();
    }

    /** A pair's id as the scoring server takes it (stripped); a missing one names its column. */
    private static String id(Row row, int column, String source, String name) {
        Object value = row.get(column);
        String id = value == null ? "" : value.toString().strip();
        if (id.isEmpty()) {
            throw new BadInputException(source, 0, name, "a row has no " + name + " (" + row + "); every candidate needs "
                    + "a user and an item id");
        }
        return id;
    }

    /** A table by its path: CSV with a header when it ends in {@code .csv}, else Parquet. */
    private Dataset<Row> read(String candidates) {
        if (!candidates.contains("://") && !Files.exists(Path.of(candidates))) {
            throw new BadInputException(candidates, 0, null, "not found; expected a candidate table (Parquet, or CSV with a header)");
        }
        return candidates.endsWith(".csv") ? session.read().option("header", "true").csv(candidates)
                : session.read().parquet(candidates);
    }

    /** The partition's rows with their scores, {@value #CHUNK} pairs at a time. */
    private static Iterator<Row> scoreChunks(Iterator<Row> rows, String bundle, String version, int maxCandidates,
                                             String source, String userColumn, String itemColumn) {
        BatchScorer scorer = new BatchScorer(BundleScorers.get(bundle, version, maxCandidates), maxCandidates);
        return new Iterator<>() {
            private final List<Row> chunk = new ArrayList<>(CHUNK);
            private final List<BatchScorer.Pair> pairs = new ArrayList<>(CHUNK);
            private final List<Row> scored = new ArrayList<>(CHUNK);
            private int next;

            @Override
            public boolean hasNext() {
                if (next < scored.size()) {
                    return true;
                }
                chunk.clear();
                pairs.clear();
                scored.clear();
                next = 0;
                while (chunk.size() < CHUNK && rows.hasNext()) {
                    Row row = rows.next();
                    chunk.add(row);
                    pairs.add(new BatchScorer.Pair(id(row, 0, source, userColumn), id(row, 1, source, itemColumn)));
                }
                if (chunk.isEmpty()) {
                    return false;
                }
                try {
                    int[] index = {0};
                    scorer.score(pairs.iterator(), (pair, score) -> {
                        Row row = chunk.get(index[0]++);
                        scored.add(RowFactory.create(row.get(0), row.get(1), score));
                    });
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while scoring", e);
                }
                return true;
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return scored.get(next++);
            }
        };
    }
}
