package org.recllm.ctr.train;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.recllm.core.checkpoint.Checkpoint;
import org.recllm.ctr.features.KnowledgeInput;
import org.recllm.ctr.inputs.ModelInputs;
import org.recllm.ctr.models.CtrModel;
import org.recllm.ctr.models.ModelSpec;
import org.recllm.data.store.SampleStore;

/**
 * The one way a model is trained over seeds, whatever asks for it (train, the KAR experiment, quickstart): each seed
 * is looked up in a {@link RunJournal} by a key that fixes everything its result depends on — the samples' content,
 * the training settings, the model and its configuration, the seed, the knowledge vectors and their adaptor — and
 * trained only when absent, then recorded at once. So any interrupted run resumes, and runs that several experiments
 * share (a baseline under several ablations) train once. A run killed in the middle continues after its last
 * finished epoch from a resume point kept beside the journal.
 */
public final class TrainingRuns {
    private final SampleStore store;
    private final RunJournal journal;
    private final Consumer<String> log;
    private final String samplesId;

    /** @param log where to say that a result came from the journal */
    public TrainingRuns(SampleStore store, RunJournal journal, Consumer<String> log) {
        this.store = store;
        this.journal = journal;
        this.log = log;
        this.samplesId = store.contentId();
    }

    /**
     * Seeds 1..{@code seeds} of {@code model} over {@code inputs}; with {@code checkpoints}, each seed's best weights
     * are saved there as {@code NAME-seedN.ckpt} (a seed whose checkpoint is missing is trained even if journaled).
     */
    public List<SeedResult> train(ModelSpec model, ModelInputs inputs, TrainConfig config, int seeds, Path checkpoints) {
        return train(model, inputs, config, seeds, checkpoints, null);
    }

    /**
     * The same with {@code pretraining} (null: none) run on each fresh model before its supervised training; a seed
     * resumed in the middle of its supervised training does not run it again (the resume point holds its weights).
     */
    public List<SeedResult> train(ModelSpec model, ModelInputs inputs, TrainConfig config, int seeds, Path checkpoints,
                                  Pretraining pretraining) {
        if (seeds < 1) {
            throw new IllegalArgumentException("at least one seed is needed, got " + seeds);
        }
        String label = model.name() + (inputs.hasKnowledge() ? "+knowledge" : "")
                + (pretraining == null ? "" : "+" + pretraining.name());
        List<SeedResult> results = new ArrayList<>(seeds);
        for (int seed = 1; seed <= seeds; seed++) {
            String key = key(model, inputs, config, seed, pretraining);
            Path checkpoint = checkpoints == null ? null : checkpoints.resolve(model.name() + "-seed" + seed + ".ckpt");
            var done = journal.find(key);
            if (done.isPresent() && (checkpoint == null || Files.exists(checkpoint))) {
                log.accept(String.format(Locale.ROOT, "%s seed %d: test AUC %.4f from the run journal", label, seed,
                        done.get().testAuc()));
                results.add(done.get());
                continue;
            }
            CtrModel instance = model.build(inputs, seed);
            Path resume = journal.resumeFile(key);
            if (resume != null && Files.exists(resume)) {
                log.accept(label + " seed " + seed + ": resuming after the last finished epoch (" + resume + ")");
            } else if (pretraining != null) {
                pretraining.run(instance, seed, label + " seed " + seed);
            }
            SeedResult result = new Trainer(store, inputs.layout(), config).train(instance, seed, label + " seed " + seed,
                    resume);
            if (checkpoint != null) {
                Checkpoint.save(checkpoint, model.name(), model.configJson(), instance.parameters(), null);
            }
            journal.record(key, result);
            deleteQuietly(resume);
            results.add(result);
        }
        return results;
    }

    /** A finished run's resume point is no longer needed; failing to delete it costs only disk space. */
    private static void deleteQuietly(Path resume) {
        if (resume == null) {
            return;
        }
        try {
            Files.deleteIfExists(resume);
        } catch (java.io.IOException e) {
            // Left for the next run of the same key to overwrite; the journal already holds the result.
        }
    }

    /** The journal key of one seed's run. */
    String key(ModelSpec model, ModelInputs inputs, TrainConfig config, int seed, Pretraining pretraining) {
        return "samples=" + samplesId + " train=" + config + " model=" + model.name() + model.configJson() + " seed=" + seed
                + " knowledge=" + (inputs.hasKnowledge() ? fingerprint(inputs) : "none")
                + (pretraining == null ? "" : " pretraining=" + pretraining.key());
    }

    /** Identifies the knowledge a model gets: the adaptor and, per input, its shape and a hash of its vectors. */
    static String fingerprint(ModelInputs inputs) {
        StringBuilder id = new StringBuilder(inputs.adaptor().toString());
        for (KnowledgeInput input : inputs.layout().knowledge()) {
            id.append(String.format(Locale.ROOT, " %s(%s%s %dx%d%s%s #%08x)", input.name(), input.field(),
                    input.sequenceFields(), input.rows(), input.dim(),
                    input.isDiscrete() ? " codebook " + input.codebook() : "",
                    input.isVersioned() ? String.format(Locale.ROOT, " versions #%08x", input.versions().contentHash()) : "",
                    Arrays.hashCode(input.vectors())));
        }
        return id.toString();
    }
}
