package org.recllm.cli;

import java.nio.file.Path;
import org.recllm.core.io.BadInputException;
import org.recllm.ctr.features.Batch;
import org.recllm.ctr.features.BatchLoader;
import org.recllm.ctr.train.Scorer;
import org.recllm.ctr.train.UserRepresentations;
import org.recllm.data.protocol.Split;
import org.recllm.data.store.SampleStore;
import org.recllm.serve.bundle.ModelBundle;

/**
 * RecLoRA's router inputs: a frozen CTR model (a bundle of {@code recllm train --save}) trained on the same samples,
 * whose user representation of each row — DIN's interest vector over the row's whole stored history — conditions the
 * bank. A bank records the bundle and version it was trained with, and is evaluated with the same.
 */
final class RouterConditions {
    private static final int BATCH = 1024;

    private final ModelBundle bundle;
    private final Path directory;
    private final SampleStore store;

    private RouterConditions(ModelBundle bundle, Path directory, SampleStore store) {
        this.bundle = bundle;
        this.directory = directory;
        this.store = store;
    }

    /** The bundle at {@code directory} (given under {@code option}), checked to be trained on {@code store}'s samples. */
    static RouterConditions load(Path directory, String option, SampleStore store) {
        ModelBundle bundle = ModelBundle.load(directory);
        String trainedOn = bundle.manifest().samplesId();
        if (!store.contentId().equals(trainedOn)) {
            throw new BadInputException(option, 0, null, "the model at " + directory + " was trained on samples "
                    + trainedOn + ", not on " + store.directory() + " (" + store.contentId() + "): the router reads the "
                    + "representation of the very rows it routes");
        }
        return new RouterConditions(bundle, directory, store);
    }

    /** "DIR@VERSION": what a bank records as its router source. */
    String source() {
        return directory.toAbsolutePath().normalize() + "@" + bundle.version();
    }

    /**
     * The bundle a bank's router source names, or {@code override} when given — refused when its version is not the
     * one the bank was trained with.
     */
    static Path bundleFor(String source, Path override, Path bank, String option) {
        int at = source.lastIndexOf('@');
        if (at < 0) {
            throw new BadInputException(bank, "records no router model (recllm.reclora.router_source); give " + option);
        }
        Path directory = override != null ? override : Path.of(source.substring(0, at));
        String version = source.substring(at + 1);
        String current = ModelBundle.manifest(directory).modelVersion();
        if (!version.equals(current)) {
            throw new BadInputException(option, 0, null, "the bank was trained with router model version " + version
                    + "; " + directory + " holds " + current + " now");
        }
        return directory;
    }

    /** The representation of every row of {@code split}, under {@code option} when the model forms none. */
    UserRepresentations of(Split split, String option) {
        BatchLoader loader = new BatchLoader(store.split(split), bundle.layout());
        try {
            return new Scorer().representations(bundle.model(), loader, new Batch(bundle.layout(), BATCH));
        } catch (UnsupportedOperationException e) {
            throw new BadInputException(option, 0, null, "the " + bundle.manifest().model() + " model at " + directory
                    + ": " + e.getMessage());
        }
    }
}
