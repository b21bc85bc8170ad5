package org.recllm.spark.prepare;

import java.nio.file.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.recllm.data.dataset.Duplicates;
import org.recllm.data.dataset.MovieLens100k;
import org.recllm.data.dataset.Rating;

/** A folder in ML-100K's format: users and items read on the driver, rating files read in parts. */
final class MovieLensFolder implements RatingSource {
    private final Path data;
    private final Broadcast<DatasetMetadata> metadata;
    private final RatingFiles files;

    private MovieLensFolder(Path data, Broadcast<DatasetMetadata> metadata, RatingFiles files) {
        this.data = data;
        this.metadata = metadata;
        this.files = files;
    }

    static MovieLensFolder open(SparkSession session, Path data, int partitions, Duplicates duplicates) {
        JavaSparkContext context = JavaSparkContext.fromSparkContext(session.sparkContext());
        Broadcast<DatasetMetadata> metadata = context.broadcast(DatasetMetadata.of(MovieLens100k.readMetadata(data)));
        return new MovieLensFolder(data, metadata, new RatingFiles(context, metadata, partitions, duplicates));
    }

    @Override
    public Broadcast<DatasetMetadata> metadata() {
        return metadata;
    }

    @Override
    public JavaRDD<Rating> all() {
        return files.read(data.resolve("u.data")).persist(StorageLevel.MEMORY_AND_DISK_SER());
    }

    @Override
    public OfficialSplit official() {
        return new OfficialSplit(files.read(data.resolve(MovieLens100k.SPLIT + ".base")),
                files.read(data.resolve(MovieLens100k.SPLIT + ".test")));
    }
}
