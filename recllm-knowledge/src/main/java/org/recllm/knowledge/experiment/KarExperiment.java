package org.recllm.knowledge.experiment;

import java.util.ArrayList;
import java.util.List;
import org.recllm.ctr.adaptor.AdaptorConfig;
import org.recllm.ctr.features.FeatureLayout;
import org.recllm.ctr.features.KnowledgeInput;
import org.recllm.ctr.inputs.ModelInputs;
import org.recllm.ctr.models.ModelSpec;
import org.recllm.ctr.train.SeedResult;
import org.recllm.ctr.train.TrainConfig;
import org.recllm.ctr.train.TrainingRuns;
import org.recllm.data.schema.FieldRole;
import org.recllm.data.store.SampleStore;

/**
 * KAR's comparison: every backbone trained on the same seeds and budget without and with knowledge, both arms through
 * {@link TrainingRuns} (so finished runs come from its journal and a baseline shared by ablations trains once).
 */
public final class KarExperiment {
    private KarExperiment() {}

    /**
     * @param knowledge the knowledge vectors and the adaptor of the "with" arm
     */
    public static KarReport run(SampleStore store, String samples, List<KnowledgeInput> knowledge,
                                AdaptorConfig adaptor, String knowledgeDescription,
                                List<ModelSpec> models, int seeds, TrainConfig config, TrainingRuns runs) {
        FeatureLayout plain = FeatureLayout.of(store);
        ModelInputs without = new ModelInputs(plain, adaptor);
        ModelInputs with = new ModelInputs(plain.withKnowledge(knowledge), adaptor);
        PopularityBreakdown items = new PopularityBreakdown(store, store.schema().requireIdField(FieldRole.ITEM_ID).name());
        PopularityBreakdown users = new PopularityBreakdown(store, store.schema().requireIdField(FieldRole.USER_ID).name());
        List<KarReport.Run> results = new ArrayList<>();
        for (ModelSpec model : models) {
            List<SeedResult> base = runs.train(model, without, config, seeds, null);
            List<SeedResult> augmented = runs.train(model, with, config, seeds, null);
            results.add(KarReport.Run.of(model.name(), KarReport.Side.of(base, items, users),
                    KarReport.Side.of(augmented, items, users)));
        }
        return new KarReport(store.info().protocol(), samples, knowledgeDescription, config, seeds, results,
                PopularityBreakdown.labels(), items.rowsPerBucket(), users.rowsPerBucket());
    }
}
