package org.recllm.knowledge.experiment;

import java.util.ArrayList;
import java.util.List;
import org.recllm.ctr.adaptor.AdaptorConfig;
import org.recllm.ctr.features.FeatureLayout;
import org.recllm.ctr.features.KnowledgeInput;
import org.recllm.ctr.inputs.ModelInputs;
import org.recllm.ctr.models.ModelSpec;
import org.recllm.ctr.train.Pretraining;
import org.recllm.ctr.train.SeedResult;
import org.recllm.ctr.train.TrainConfig;
import org.recllm.ctr.train.TrainingRuns;
import org.recllm.data.schema.FieldRole;
import org.recllm.data.store.SampleStore;

/**
 * CTRL's comparison: every backbone on the same seeds and budget plain and after stage-1 alignment, and — with
 * knowledge — with KAR's knowledge fields, without and with alignment. All arms go through {@link TrainingRuns}, so a
 * rerun trains only what its journal lacks and plain or KAR runs of other experiments are reused.
 */
public final class CtrlExperiment {
    /** The knowledge arms: KAR's vectors and adaptor, and the alignment over the layout that includes them. */
    public record KnowledgeArms(List<KnowledgeInput> inputs, AdaptorConfig adaptor, String description,
                                Pretraining alignment) {}

    private CtrlExperiment() {}

    /**
     * @param alignment stage 1 over the plain layout
     * @param knowledge the KAR arms, or null for plain vs CTRL only
     */
    public static CtrlReport run(SampleStore store, String samples, List<ModelSpec> models, int seeds, TrainConfig config,
                                 TrainingRuns runs, Pretraining alignment, String alignmentDescription,
                                 KnowledgeArms knowledge) {
        FeatureLayout plain = FeatureLayout.of(store);
        AdaptorConfig adaptor = knowledge == null ? AdaptorConfig.defaults() : knowledge.adaptor();
        ModelInputs without = new ModelInputs(plain, adaptor);
        PopularityBreakdown breakdown = new PopularityBreakdown(store,
                store.schema().requireIdField(FieldRole.ITEM_ID).name());
        PopularityBreakdown users = new PopularityBreakdown(store, store.schema().requireIdField(FieldRole.USER_ID).name());
        List<CtrlReport.Run> results = new ArrayList<>();
        for (ModelSpec model : models) {
            List<SeedResult> base = runs.train(model, without, config, seeds, null);
            List<SeedResult> aligned = runs.train(model, without, config, seeds, null, alignment);
            KarReport.Side kar = null;
            KarReport.Side karCtrl = null;
            if (knowledge != null) {
                ModelInputs with = new ModelInputs(plain.withKnowledge(knowledge.inputs()), adaptor);
                kar = KarReport.Side.of(runs.train(model, with, config, seeds, null), breakdown, users);
                karCtrl = KarReport.Side.of(runs.train(model, with, config, seeds, null, knowledge.alignment()), breakdown, users);
            }
            results.add(new CtrlReport.Run(KarReport.Run.of(model.name(), KarReport.Side.of(base, breakdown, users),
                    KarReport.Side.of(aligned, breakdown, users)), kar, karCtrl));
        }
        return new CtrlReport(store.info().protocol(), samples, alignmentDescription,
                knowledge == null ? null : knowledge.description(), config, seeds, results, PopularityBreakdown.labels(),
                breakdown.rowsPerBucket());
    }
}
