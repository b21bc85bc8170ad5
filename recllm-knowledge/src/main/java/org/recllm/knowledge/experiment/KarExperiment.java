package org.recllm.knowledge.experiment;

import java.util.ArrayList;
import java.util.List;
import org.recllm.ctr.adaptor.KnowledgeConfig;
import org.recllm.ctr.features.FeatureLayout;
import org.recllm.ctr.models.ModelSpec;
import org.recllm.ctr.train.SeedResult;
import org.recllm.ctr.train.TrainConfig;
import org.recllm.ctr.train.Trainer;
import org.recllm.data.store.SampleStore;

/** KAR's comparison: every backbone trained on the same seeds and budget without and with knowledge. */
public final class KarExperiment {
    private KarExperiment() {}

    public static KarReport run(SampleStore store, String samples, KnowledgeConfig knowledge, String knowledgeDescription,
                                List<ModelSpec> models, int seeds, TrainConfig config) {
        FeatureLayout plain = FeatureLayout.of(store);
        FeatureLayout augmented = plain.withKnowledge(knowledge);
        PopularityBreakdown breakdown = new PopularityBreakdown(store, "item_id");
        List<KarReport.Run> runs = new ArrayList<>();
        for (ModelSpec model : models) {
            List<SeedResult> without = new ArrayList<>();
            List<SeedResult> with = new ArrayList<>();
            for (int seed = 1; seed <= seeds; seed++) {
                without.add(new Trainer(store, plain, config).train(model.build(plain, seed), seed, model.name() + " seed " + seed));
                with.add(new Trainer(store, augmented, config).train(model.build(augmented, seed), seed,
                        model.name() + "+knowledge seed " + seed));
            }
            runs.add(KarReport.Run.of(model.name(), KarReport.Side.of(without, breakdown), KarReport.Side.of(with, breakdown)));
        }
        return new KarReport(store.info().protocol(), samples, knowledgeDescription, runs, PopularityBreakdown.labels(),
                breakdown.rowsPerBucket());
    }
}
