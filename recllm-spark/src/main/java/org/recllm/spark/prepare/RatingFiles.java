package org.recllm.spark.prepare;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.recllm.core.io.BadInputException;
import org.recllm.data.dataset.DuplicateRatingException;
import org.recllm.data.dataset.Duplicates;
import org.recllm.data.dataset.MovieLens100k;
import org.recllm.data.dataset.Rating;
import scala.Tuple2;
import scala.Tuple3;

/**
 * Rating files in ML-100K's {@code u.data} format read by Spark in parts: every line checked as the local reader
 * checks it (errors name file, line and field), and a rating repeated for the same user, item and time refused with
 * both lines named.
 */
final class RatingFiles {
    private final JavaSparkContext context;
    private final Broadcast<DatasetMetadata> metadata;
    private final int partitions;
    private final Duplicates duplicates;

    RatingFiles(JavaSparkContext context, Broadcast<DatasetMetadata> metadata, int partitions, Duplicates duplicates) {
        this.context = context;
        this.metadata = metadata;
        this.partitions = partitions;
        this.duplicates = duplicates;
    }

    /** The ratings of {@code file}, which must exist and hold at least one. */
    JavaRDD<Rating> read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(file, "not found; expected a rating file in ML-100K's u.data format");
        }
        String source = file.toString();
        Broadcast<DatasetMetadata> known = metadata;
        JavaPairRDD<Long, Rating> numbered = context.textFile(file.toUri().toString(), partitions).zipWithIndex()
                .filter(line -> !line._1().isBlank())
                .mapToPair(line -> {
                    DatasetMetadata m = known.value();
                    long number = line._2() + 1;
                    return new Tuple2<>(number, MovieLens100k.parseRating(source, number, line._1(),
                            m.users().keySet(), m.items().keySet()));
                });
        return withoutRepeats(source, numbered, duplicates);
    }

    /**
     * The ratings of {@code source}, numbered by line (or row); one given twice for the same user, item and time is an
     * error naming both lines, as locally, or with {@link Duplicates#KEEP_LAST} only the later line is kept; a source
     * without any is an error.
     */
    static JavaRDD<Rating> withoutRepeats(String source, JavaPairRDD<Long, Rating> numbered, Duplicates duplicates) {
        if (numbered.isEmpty()) {
            throw new BadInputException(source, 0, null, "holds no ratings; expected one rating per line");
        }
        if (duplicates == Duplicates.KEEP_LAST) {
            return numbered.mapToPair(r -> new Tuple2<>(key(r._2()), r))
                    .reduceByKey((a, b) -> a._1() > b._1() ? a : b)
                    .map(kept -> kept._2()._2());
        }
        List<Tuple3<Integer, Integer, Long>> repeated = numbered.mapToPair(r -> new Tuple2<>(key(r._2()), 1L))
                .reduceByKey(Long::sum).filter(count -> count._2() > 1).keys().take(1);
        if (repeated.isEmpty()) {
            return numbered.values();
        }
        Tuple3<Integer, Integer, Long> key = repeated.get(0);
        List<Tuple2<Long, Rating>> lines = new ArrayList<>(numbered.filter(r -> key(r._2()).equals(key)).collect());
        lines.sort(Comparator.comparing(Tuple2::_1));
        throw DuplicateRatingException.of(source, lines.get(0)._1(), lines.get(0)._2(), lines.get(1)._1(),
                lines.get(1)._2());
    }

    private static Tuple3<Integer, Integer, Long> key(Rating rating) {
        return new Tuple3<>(rating.userId(), rating.itemId(), rating.timestamp());
    }
}
