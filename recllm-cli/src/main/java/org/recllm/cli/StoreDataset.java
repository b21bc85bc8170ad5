package org.recllm.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.recllm.core.io.BadInputException;
import org.recllm.data.dataset.Datasets;
import org.recllm.data.dataset.RatingDataset;
import org.recllm.data.store.SampleStore;

/** The raw dataset a sample store was prepared from, for what the store does not keep (titles, descriptions). */
final class StoreDataset {
    private StoreDataset() {}

    /**
     * The dataset in {@code folder} (option {@code option}) or, without it, in the folder the samples were prepared
     * from; null (with a note) when that folder is gone.
     */
    static RatingDataset read(SampleStore store, Path folder, String option, PrintWriter out) {
        Path chosen = folder != null ? folder : Path.of(store.info().source());
        if (!Files.isDirectory(chosen)) {
            if (folder != null) {
                throw new BadInputException(option, 0, null, "expected the dataset folder, " + chosen + " is not one");
            }
            out.println("note: the samples' dataset folder " + chosen + " is not here, so items are named by their "
                    + "fields, not their titles (give " + option + " DIR)");
            return null;
        }
        return OptionInputs.naming(Datasets.SOURCE, option, () -> Datasets.read(store.info().dataset(), chosen));
    }
}
