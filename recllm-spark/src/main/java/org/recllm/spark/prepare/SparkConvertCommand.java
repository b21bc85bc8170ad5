package org.recllm.spark.prepare;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.recllm.core.io.AtomicFiles;
import org.recllm.core.io.BadInputException;
import org.recllm.data.dataset.InteractionColumns;
import org.recllm.data.dataset.InteractionLog;
import org.recllm.spark.SparkOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code recllm spark convert}: a dataset rewritten as an interaction log of Parquet tables with typed columns, read
 * and checked as {@code spark prepare} reads it, so later preparations skip the text parsing.
 */
@Command(name = "convert", mixinStandardHelpOptions = true,
        description = "Write an ML-100K-format folder or an interaction log as a log of Parquet tables (interactions, "
                + "items, users) with typed columns, checked as spark prepare checks its input.")
public final class SparkConvertCommand implements Callable<Integer> {
    @Mixin
    SparkOptions spark;

    @Mixin
    DatasetInput input;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder for the Parquet log (new, or "
            + "without its tables).")
    Path out;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        input.requireFormat();
        for (String table : InteractionLog.TABLES) {
            for (String suffix : List.of(InteractionLog.CSV, InteractionLog.PARQUET)) {
                if (Files.exists(out.resolve(table + suffix))) {
                    throw new BadInputException("--out", 0, null, out + " already holds " + table + suffix
                            + "; choose a new folder so no log is overwritten");
                }
            }
        }
        long started = System.nanoTime();
        // Written beside --out first and moved in whole, so a failed run leaves no half of a log behind.
        Path staging = out.toAbsolutePath().resolveSibling("." + out.getFileName() + ".convert-" + UUID.randomUUID());
        long rows;
        try {
            rows = spark.run("convert", session -> write(session, input.open(session, spark.partitions(session)), staging));
            Files.createDirectories(out);
            for (String table : InteractionLog.TABLES) {
                Files.move(staging.resolve(table + InteractionLog.PARQUET), out.resolve(table + InteractionLog.PARQUET));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("moving the converted tables into " + out, e);
        } finally {
            AtomicFiles.deleteTreeQuietly(staging);
        }
        spec.commandLine().getOut().printf(Locale.ROOT, "wrote %,d interactions as Parquet to %s in %.1f s%n", rows, out,
                (System.nanoTime() - started) / 1e9);
        return 0;
    }

    private static long write(SparkSession session, RatingSource source, Path target) {
        DatasetMetadata metadata = source.metadata().value();
        StructType interactions = new StructType().add(InteractionColumns.USER_ID, DataTypes.IntegerType)
                .add(InteractionColumns.ITEM_ID, DataTypes.IntegerType).add(InteractionColumns.RATING, DataTypes.FloatType)
                .add(InteractionColumns.TIMESTAMP, DataTypes.LongType);
        var ratings = source.all().map(r -> RowFactory.create(r.userId(), r.itemId(), r.value(), r.timestamp()));
        session.createDataFrame(ratings, interactions).write()
                .parquet(target.resolve(InteractionLog.INTERACTIONS + InteractionLog.PARQUET).toUri().toString());
        List<Row> items = metadata.items().values().stream().sorted(Comparator.comparingInt(item -> item.id()))
                .map(item -> RowFactory.create(item.id(), item.title(), item.year(), String.join("|", item.genres())))
                .toList();
        session.createDataFrame(items, new StructType().add(InteractionColumns.ITEM_ID, DataTypes.IntegerType)
                        .add(InteractionLog.TITLE, DataTypes.StringType).add(InteractionLog.YEAR, DataTypes.IntegerType)
                        .add(InteractionLog.GENRES, DataTypes.StringType))
                .coalesce(1).write().parquet(target.resolve(InteractionLog.ITEMS + InteractionLog.PARQUET).toUri().toString());
        List<Row> users = metadata.users().values().stream().sorted(Comparator.comparingInt(user -> user.id()))
                .map(user -> RowFactory.create(user.id(), user.gender(), user.age(), user.occupation(), user.zipCode()))
                .toList();
        session.createDataFrame(users, new StructType().add(InteractionColumns.USER_ID, DataTypes.IntegerType)
                        .add(InteractionLog.GENDER, DataTypes.StringType).add(InteractionLog.AGE, DataTypes.IntegerType)
                        .add(InteractionLog.OCCUPATION, DataTypes.StringType).add(InteractionLog.ZIP, DataTypes.StringType))
                .coalesce(1).write().parquet(target.resolve(InteractionLog.USERS + InteractionLog.PARQUET).toUri().toString());
        return source.all().count();
    }
}
