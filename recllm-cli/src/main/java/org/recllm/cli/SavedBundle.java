package org.recllm.cli;

import java.io.PrintWriter;
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

    /** Where the seeds' checkpoints go when only a bundle was asked for (removed once the bundle is written). */
    static Path workFolder(Path bundle) {
        return bundle.toAbsolutePath().resolveSibling(bundle.getFileName() + ".seeds");
    }

    static void write(Path dir, SampleStore store, ModelSpec spec, ModelInputs inputs, List<SeedResult> results,
                      Path checkpoints, String knowledgeSource, TrainReport report, PrintWriter out) {
        SeedResult best = results.stream().max(Comparator.comparingDouble(SeedResult::validAuc)).orElseThrow();
        CtrModel model = spec.build(inputs, best.seed());
        Checkpoint.load(checkpoints.resolve(spec.name() + "-seed" + best.seed() + ".ckpt"), spec.name(), model.parameters(), null);
        BundleManifest manifest = BundleWriter.write(dir, store,
                new BundleWriter.Trained(spec, inputs, model, best.seed(), knowledgeSource, report));
        out.printf("bundle: %s (%s, seed %d of %d, valid AUC %.4f)%n", dir, manifest.modelVersion(), best.seed(),
                results.size(), best.validAuc());
        out.flush();
    }
}
