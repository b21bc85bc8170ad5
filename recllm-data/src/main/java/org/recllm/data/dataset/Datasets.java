package org.recllm.data.dataset;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.recllm.core.io.BadInputException;

/** The dataset formats RecLLM reads, by the names the CLI's {@code --dataset} takes. */
public final class Datasets {
    /** How errors name a dataset given by name. */
    public static final String SOURCE = "dataset";

    private static final Map<String, BiFunction<Path, Duplicates, RatingDataset>> READERS = Map.of(
            MovieLens100k.NAME, MovieLens100k::read,
            MovieLens1m.NAME, MovieLens1m::read,
            MovieLensLatest.NAME, MovieLensLatest::read,
            InteractionLog.NAME, InteractionLog::read);

    private Datasets() {}

    public static List<String> names() {
        return READERS.keySet().stream().sorted().toList();
    }

    public static RatingDataset read(String name, Path dir) {
        return read(name, dir, Duplicates.ERROR);
    }

    public static RatingDataset read(String name, Path dir, Duplicates duplicates) {
        BiFunction<Path, Duplicates, RatingDataset> reader = READERS.get(name);
        if (reader == null) {
            throw new BadInputException(SOURCE, 0, null, "unknown dataset '" + name + "'; expected one of " + names());
        }
        return reader.apply(dir, duplicates);
    }
}
