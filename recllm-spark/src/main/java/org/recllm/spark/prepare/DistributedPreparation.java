package org.recllm.spark.prepare;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import org.recllm.core.io.BadInputException;
import org.recllm.data.dataset.Duplicates;
import org.recllm.data.protocol.Ml100kU1Protocol;
import org.recllm.data.protocol.Split;
import org.recllm.data.samples.RowLayout;
import org.recllm.data.samples.SampleEncoder;
import org.recllm.data.schema.Vocabulary;
import org.recllm.data.store.SampleSet;
import org.recllm.data.store.SampleStoreWriter;
import org.recllm.data.store.WrittenStore;
import org.recllm.spark.TaskFailures;
import scala.Tuple2;

/**
 * {@code data prepare} as Spark jobs, for an ML-100K-format folder or an interaction log (CSV or Parquet) of any
 * size: ratings read and checked in parts, the
 * protocol's splits assigned, vocabularies counted from training samples, every user's samples encoded with the
 * user's history on the executor that holds the user, and the rows sorted into the local path's order. Each sorted
 * partition is written as a file of rows beside the store (so {@code --out} must be on a file system the executors
 * share with the driver, as it is in local mode); the driver reads them in order and writes the same sample store
 * {@code data prepare} writes (the format holds a split in columns of one machine, so the driver needs the store's
 * size in memory).
 */
public final class DistributedPreparation {
    private final SparkSession session;
    private final JavaSparkContext context;
    private final int partitions;
    private final PrintStream log;

    public DistributedPreparation(SparkSession session, int partitions, PrintStream log) {
        this.session = session;
        this.context = JavaSparkContext.fromSparkContext(session.sparkContext());
        this.partitions = partitions;
        this.log = log;
    }

    /**
     * Prepares {@code data} (format {@code dataset}: {@code ml-100k} or {@code log}) under {@code protocolName} into
     * the sample store {@code out}; a bad line fails with the local reader's error, whichever task found it.
     */
    public WrittenStore prepare(String dataset, Path data, Duplicates duplicates, String protocolName, int history,
                                Path out) {
        return TaskFailures.unwrapping(() -> run(dataset, data, duplicates, protocolName, history, out));
    }

    private WrittenStore run(String dataset, Path data, Duplicates duplicates, String protocolName, int history,
                             Path out) {
        DistributedProtocol protocol = DistributedProtocol.byName(protocolName);
        RatingSource.requireFormat(dataset);
        if (protocol.needsOfficialSplit() && !RatingSource.hasOfficialSplit(dataset)) {
            throw Ml100kU1Protocol.withoutOfficialSplit(data, dataset);
        }
        SampleStoreWriter.checkTarget(out);
        long started = System.nanoTime();
        RatingSource source = RatingSource.open(session, dataset, data, partitions, duplicates);
        Broadcast<DatasetMetadata> shipped = source.metadata();
        SampleEncoder driverEncoder = shipped.value().encoder(history);

        DistributedProtocol.Assignment assignment = protocol.assign(context, source, partitions);
        JavaRDD<SplitRating> samples = assignment.samples().persist(StorageLevel.MEMORY_AND_DISK_SER());
        Map<Split, Long> rows = new EnumMap<>(Split.class);
        samples.map(SplitRating::split).countByValue().forEach(rows::put);
        if (rows.getOrDefault(Split.TRAIN, 0L) == 0) {
            throw new BadInputException(data, "protocol " + protocol.name()
                    + " leaves no training ratings; expected a dataset with ratings before its test period");
        }
        stage(started, "split", String.format(Locale.ROOT, "train %,d, valid %,d, test %,d",
                rows.getOrDefault(Split.TRAIN, 0L), rows.getOrDefault(Split.VALID, 0L), rows.getOrDefault(Split.TEST, 0L)));

        Map<String, Vocabulary> vocabularies = vocabularies(samples, shipped, history, driverEncoder);
        Map<String, Integer> widths = multiHotWidths(samples, shipped, history);
        RowLayout layout = new RowLayout(driverEncoder.schema(widths));
        stage(started, "vocabularies", vocabularies.size() + " (" + String.join(", ", vocabularies.keySet()) + ")");

        Broadcast<VocabularyShipment> vocabularyShipment = context.broadcast(VocabularyShipment.of(vocabularies));
        JavaPairRDD<SampleOrder, byte[]> sorted = samples.mapToPair(s -> new Tuple2<>(s.rating().userId(), s))
                .cogroup(assignment.pool().mapToPair(r -> new Tuple2<>(r.userId(), r)), partitions)
                .mapPartitionsToPair(users -> new UserRowEncoder(shipped.value(), history, widths,
                        vocabularyShipment.value(), protocol).encode(users))
                .sortByKey(true, partitions);
        Path parts = out.toAbsolutePath().resolveSibling("." + out.getFileName() + ".parts-" + UUID.randomUUID());
        try {
            List<Long> written = SortedParts.write(sorted, parts);
            stage(started, "encoded and sorted", String.format(Locale.ROOT, "%,d rows",
                    written.stream().mapToLong(Long::longValue).sum()));
            samples.unpersist();
            SampleSet set = new SampleSet(driverEncoder.info(protocol.name()), layout.schema(), vocabularies,
                    SortedParts.read(parts, written.size(), layout, rows));
            WrittenStore store = SampleStoreWriter.write(out, set);
            stage(started, "written", out.toString());
            return store;
        } finally {
            SortedParts.delete(parts);
        }
    }

    private Map<String, Vocabulary> vocabularies(JavaRDD<SplitRating> samples, Broadcast<DatasetMetadata> shipped,
                                                 int history, SampleEncoder driverEncoder) {
        List<Tuple2<Tuple2<String, String>, Long>> counted = samples.filter(s -> s.split() == Split.TRAIN)
                .mapPartitionsToPair(train -> {
                    SampleEncoder encoder = shipped.value().encoder(history);
                    Map<String, Vocabulary.Builder> builders = encoder.vocabularyBuilders();
                    train.forEachRemaining(s -> encoder.countVocabularyValues(s.rating(), builders));
                    List<Tuple2<Tuple2<String, String>, Long>> partial = new ArrayList<>();
                    builders.forEach((name, builder) -> {
                        Vocabulary vocabulary = builder.build();
                        long[] counts = vocabulary.counts();
                        for (int i = 0; i < counts.length; i++) {
                            partial.add(new Tuple2<>(new Tuple2<>(name, vocabulary.values().get(i)), counts[i]));
                        }
                    });
                    return partial.iterator();
                })
                .reduceByKey(Long::sum, partitions)
                .collect();
        Map<String, Vocabulary.Builder> builders = driverEncoder.vocabularyBuilders();
        for (Tuple2<Tuple2<String, String>, Long> value : counted) {
            builders.get(value._1()._1()).add(value._1()._2(), value._2());
        }
        return SampleEncoder.vocabularies(builders);
    }

    /** The widest value list of each multi-hot field over every sample of every split. */
    private Map<String, Integer> multiHotWidths(JavaRDD<SplitRating> samples, Broadcast<DatasetMetadata> shipped,
                                                int history) {
        return new HashMap<>(samples.mapPartitionsToPair(part -> {
                    SampleEncoder encoder = shipped.value().encoder(history);
                    Map<String, Integer> widths = new HashMap<>();
                    part.forEachRemaining(s -> encoder.widenMultiHot(s.rating(), widths));
                    List<Tuple2<String, Integer>> entries = new ArrayList<>();
                    widths.forEach((name, width) -> entries.add(new Tuple2<>(name, width)));
                    return entries.iterator();
                })
                .reduceByKey(Math::max)
                .collectAsMap());
    }

    private void stage(long started, String what, String detail) {
        log.printf(Locale.ROOT, "[%6.1fs] %s: %s%n", (System.nanoTime() - started) / 1e9, what, detail);
        log.flush();
    }
}
