package org.recllm.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.recllm.core.io.BadInputException;
import org.recllm.ctr.features.Batch;
import org.recllm.ctr.features.BatchLoader;
import org.recllm.ctr.train.Scorer;
import org.recllm.ctr.train.UserRepresentations;
import org.recllm.data.protocol.Split;
import org.recllm.data.store.SampleStore;
import org.recllm.llm.lora.LoraBankFile;
import org.recllm.rank.scoring.ZeroShot;
import org.recllm.serve.bundle.ModelBundle;

/**
 * RecLoRA's router inputs: a frozen CTR model (a bundle of {@code recllm train --save}) trained on the same samples,
 * whose user representation of each row — DIN's interest vector, the row's stored history pooled by its relevance to
 * the candidate — conditions the bank. A bank records the bundle and version it was trained with, and is evaluated
 * with the same.
 */
final class RouterConditions {
    private static final int BATCH = 1024;

    private final ModelBundle bundle;
    private final Path directory;
    private final SampleStore store;
    private final String option;

    private RouterConditions(ModelBundle bundle, Path directory, SampleStore store, String option) {
        this.bundle = bundle;
        this.directory = directory;
        this.store = store;
        this.option = option;
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
        return new RouterConditions(bundle, directory, store, option);
    }

    /**
     * The router model of the bank at {@code bank}: {@code override} when given, else the bundle the bank records —
     * either refused unless it holds the version the bank was trained with.
     */
    static RouterConditions forBank(LoraBankFile.Header bank, Path bankFile, Path override, String option, SampleStore store) {
        String source = bank.routerSource();
        int at = source.lastIndexOf('@');
        if (override == null && at < 0) {
            throw new BadInputException(bankFile, "records no router model (" + "recllm.reclora.router_source); give " + option);
        }
        Path directory = override != null ? override : Path.of(source.substring(0, at));
        if (override == null && !Files.isDirectory(directory)) {
            throw new BadInputException(option, 0, null, "the bank's router model " + directory + " is gone; give its bundle");
        }
        RouterConditions router = load(directory, option, store);
        String trainedWith = at < 0 ? null : source.substring(at + 1);
        if (trainedWith != null && !trainedWith.equals(router.bundle.version())) {
            throw new BadInputException(option, 0, null, "the bank was trained with router model version " + trainedWith
                    + "; " + directory + " holds " + router.bundle.version());
        }
        return router;
    }

    /** "DIR@VERSION": what a bank records as its router source. */
    String source() {
        return directory.toAbsolutePath().normalize() + "@" + bundle.version();
    }

    /**
     * Each of {@code rows} of {@code split} with its representation, computed for those rows only; {@code width} (0:
     * any) is the width a bank's router reads.
     */
    ZeroShot.RowConditions of(Split split, int[] rows, int width) {
        BatchLoader loader = new BatchLoader(store.split(split), bundle.layout());
        UserRepresentations representations;
        try {
            representations = new Scorer().representations(bundle.model(), loader, new Batch(bundle.layout(), BATCH), rows);
        } catch (UnsupportedOperationException e) {
            throw new BadInputException(option, 0, null, "the " + bundle.manifest().model() + " model at " + directory
                    + ": " + e.getMessage());
        }
        if (width > 0 && rows.length > 0 && representations.dim() != width) {
            throw new BadInputException(option, 0, null, "the model at " + directory + " represents a user by "
                    + representations.dim() + " values; the bank's router reads " + width);
        }
        int[] index = new int[loader.rows()];
        Arrays.fill(index, -1);
        for (int i = 0; i < rows.length; i++) {
            index[rows[i]] = i;
        }
        return row -> {
            if (index[row] < 0) {
                throw new IllegalArgumentException("row " + row + " of the " + split + " split was not represented");
            }
            return representations.row(index[row]);
        };
    }
}
