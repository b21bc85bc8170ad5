package org.recllm.cli;

import java.nio.file.Path;
import org.recllm.data.dataset.Datasets;
import org.recllm.data.dataset.Duplicates;
import org.recllm.data.dataset.RatingDataset;
import org.recllm.data.download.DatasetCache;
import org.recllm.data.download.DatasetSource;
import org.recllm.data.download.DownloadException;
import picocli.CommandLine.Option;

/** Where a dataset comes from: {@code --data DIR}, or a verified download into the user's cache. */
final class DatasetOptions {
    @Option(names = "--dataset", defaultValue = "ml-100k",
            description = "Dataset format: ml-100k, ml-1m, ml-latest, or log (a generic interaction log: interactions.csv, "
                    + "optional items.csv and users.csv; docs/protocols.md). Default: ${DEFAULT-VALUE}.")
    String dataset;

    @Option(names = "--data", paramLabel = "DIR",
            description = "Folder with the unpacked dataset. Without it, ml-100k and ml-1m are downloaded once into the cache.")
    Path data;

    RatingDataset read() {
        return read(Duplicates.ERROR);
    }

    RatingDataset read(Duplicates duplicates) {
        return OptionInputs.naming(Datasets.SOURCE, "--dataset", () -> Datasets.read(dataset, directory(), duplicates));
    }

    Path directory() {
        if (data != null) {
            return data;
        }
        try {
            return DatasetCache.standard().resolve(DatasetSource.of(dataset));
        } catch (DownloadException e) {
            throw new UserFacingException(e.getMessage() + "\nOffline? Pass --data DIR with an unpacked copy of " + dataset + ".", e);
        } catch (IllegalArgumentException e) {
            throw new UserFacingException(e.getMessage(), e);
        }
    }
}
