package org.recllm.cli;

import java.io.PrintWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import org.recllm.core.checkpoint.Checkpoint;
import org.recllm.ctr.inputs.ModelInputs;
import org.recllm.ctr.models.CtrModel;
import org.recllm.ctr.models.ModelSpec;
import org.recllm.ctr.train.SeedResult;
import org.recllm.ctr.train.TrainReport;
import org.recllm.data.store.SampleStore;
import org.recllm.serve.bundle.BundleManifest;
import org.recllm.serve.bundle.BundleWriter;

/** {@code train --save}: the best seed's checkpoint turned into a servable bundle. */
final class SavedBundle {
    private SavedBundle() {}

    /** A fresh folder beside the bundle for the seeds' checkpoints when only a bundle was asked for (the caller removes it). */
    static Path workFolder(Path bundle) {
        Path parent = bundle.toAbsolutePath().getParent();
        try {
            Files.createDirectories(parent);
            return Files.createTempDirectory(parent, bundle.getFileName() + ".seeds-");
        } catch (IOException e) {
            throw new UncheckedIOException("could not create a work folder beside " + bundle + ": " + e.getMessage(), e);
        }
    }

    static void write(Path dir, SampleStore store, ModelSpec spec, ModelInputs inputs, List<SeedResult> results,
                      Path checkpoints, String knowledgeSource, TrainReport report, PrintWriter out) {
        // A seed that diverged (NaN validation AUC) is never the best: Comparator ranks NaN above every number.
        SeedResult best = results.stream().filter(r -> !Double.isNaN(r.validAuc()))
                .max(Comparator.comparingDouble(SeedResult::validAuc))
                .orElseThrow(() -> new IllegalStateException("every seed diverged (validation AUC NaN): no bundle written"));
        CtrModel model = spec.build(inputs, best.seed());
        Checkpoint.load(checkpoints.resolve(spec.name() + "-seed" + best.seed() + ".ckpt"), spec.name(), model.parameters(), null);
        BundleManifest manifest = BundleWriter.write(dir, store,
                new BundleWriter.Trained(spec, inputs, model, best.seed(), knowledgeSource, report));
        out.printf("bundle: %s (%s, seed %d of %d, valid AUC %.4f)%n", dir, manifest.modelVersion(), best.seed(),
                results.size(), best.validAuc());
        out.flush();
    }
}
