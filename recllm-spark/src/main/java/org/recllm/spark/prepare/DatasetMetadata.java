package org.recllm.spark.prepare;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.recllm.data.dataset.Item;
import org.recllm.data.dataset.RatingDataset;
import org.recllm.data.dataset.User;
import org.recllm.data.samples.MovieLensFeatures;
import org.recllm.data.samples.SampleEncoder;

/**
 * A dataset's users and items without its ratings, as executors receive them (broadcast): what features are computed
 * from. The ratings themselves stay distributed.
 */
record DatasetMetadata(String name, String directory, Map<Integer, User> users, Map<Integer, Item> items)
        implements Serializable {

    static DatasetMetadata of(RatingDataset dataset) {
        return new DatasetMetadata(dataset.name(), dataset.directory().toString(), dataset.users(), dataset.items());
    }

    /** The local path's sample encoder over these users and items, with {@code history}-step behaviour sequences. */
    SampleEncoder encoder(int history) {
        RatingDataset dataset = new RatingDataset(name, Path.of(directory), users, items, List.of(), Optional.empty(),
                List.of(), Map.of());
        return new SampleEncoder(dataset, MovieLensFeatures.of(dataset, history));
    }
}
