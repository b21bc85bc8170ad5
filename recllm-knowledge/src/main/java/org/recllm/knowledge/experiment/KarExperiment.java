package org.recllm.knowledge.experiment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.recllm.ctr.adaptor.KnowledgeConfig;
import org.recllm.ctr.adaptor.KnowledgeInput;
import org.recllm.ctr.features.FeatureLayout;
import org.recllm.ctr.models.ModelSpec;
import org.recllm.ctr.train.SeedResult;
import org.recllm.ctr.train.TrainConfig;
import org.recllm.ctr.train.Trainer;
import org.recllm.data.store.SampleStore;

/**
 * KAR's comparison: every backbone trained on the same seeds and budget without and with knowledge. Each finished
 * run goes to a {@link RunJournal}; a run whose key (samples, model and its configuration, seed, training settings,
 * knowledge vectors and adaptor) is already there is not trained again.
 */
public final class KarExperiment {
    private KarExperiment() {}

    public static KarReport run(SampleStore store, String samples, KnowledgeConfig knowledge, String knowledgeDescription,
                                List<ModelSpec> models, int seeds, TrainConfig config, RunJournal journal) {
        FeatureLayout plain = FeatureLayout.of(store);
        FeatureLayout augmented = plain.withKnowledge(knowledge);
        String base = "samples=" + store.contentId() + " train=" + config;
        String withKnowledge = "knowledge=" + fingerprint(knowledge);
        PopularityBreakdown breakdown = new PopularityBreakdown(store, "item_id");
        List<KarReport.Run> runs = new ArrayList<>();
        for (ModelSpec model : models) {
            List<SeedResult> without = new ArrayList<>();
            List<SeedResult> with = new ArrayList<>();
            String modelKey = base + " model=" + model.name() + model.configJson();
            for (int seed = 1; seed <= seeds; seed++) {
                without.add(trained(journal, modelKey + " seed=" + seed + " knowledge=none", store, plain, config, model,
                        seed, model.name() + " seed " + seed));
                with.add(trained(journal, modelKey + " seed=" + seed + " " + withKnowledge, store, augmented, config, model,
                        seed, model.name() + "+knowledge seed " + seed));
            }
            runs.add(KarReport.Run.of(model.name(), KarReport.Side.of(without, breakdown), KarReport.Side.of(with, breakdown)));
        }
        return new KarReport(store.info().protocol(), samples, knowledgeDescription, runs, PopularityBreakdown.labels(),
                breakdown.rowsPerBucket());
    }

    private static SeedResult trained(RunJournal journal, String key, SampleStore store, FeatureLayout layout,
                                      TrainConfig config, ModelSpec model, int seed, String label) {
        var done = journal.find(key);
        if (done.isPresent()) {
            System.err.printf(Locale.ROOT, "%s: test AUC %.4f from the run journal%n", label, done.get().testAuc());
            return done.get();
        }
        SeedResult result = new Trainer(store, layout, config).train(model.build(layout, seed), seed, label);
        journal.record(key, result);
        return result;
    }

    /** Identifies the knowledge a model gets: the adaptor and, per input, its shape and a hash of its vectors. */
    static String fingerprint(KnowledgeConfig knowledge) {
        StringBuilder id = new StringBuilder(knowledge.adaptor().toString());
        for (KnowledgeInput input : knowledge.inputs()) {
            id.append(String.format(Locale.ROOT, " %s(%s%s %dx%d #%08x)", input.name(), input.field(),
                    input.sequenceFields(), input.rows(), input.dim(), Arrays.hashCode(input.vectors())));
        }
        return id.toString();
    }
}
