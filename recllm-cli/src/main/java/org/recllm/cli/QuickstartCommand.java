package org.recllm.cli;

import org.recllm.knowledge.store.StoreLocation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.recllm.core.progress.Progress;
import org.recllm.ctr.adaptor.AdaptorConfig;
import org.recllm.ctr.models.ModelSpec;
import org.recllm.ctr.models.ModelZoo;
import org.recllm.ctr.train.RunJournal;
import org.recllm.ctr.train.TrainConfig;
import org.recllm.ctr.train.TrainingRuns;
import org.recllm.data.dataset.RatingDataset;
import org.recllm.data.protocol.Ml100kU1Protocol;
import org.recllm.data.store.SampleStore;
import org.recllm.knowledge.augment.KnowledgeSource;
import org.recllm.knowledge.augment.KnowledgeType;
import org.recllm.knowledge.encoder.EncodingJob;
import org.recllm.knowledge.encoder.SentenceEncoder;
import org.recllm.knowledge.encoder.SentenceEncoders;
import org.recllm.knowledge.experiment.KarExperiment;
import org.recllm.knowledge.experiment.ExperimentFile;
import org.recllm.knowledge.experiment.KarReport;
import org.recllm.knowledge.importing.KnowledgeImporter;
import org.recllm.knowledge.importing.MetadataTexts;
import org.recllm.knowledge.importing.Provenance;
import org.recllm.knowledge.importing.TextSource;
import org.recllm.knowledge.store.EntityType;
import org.recllm.knowledge.store.SqliteKnowledgeStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code recllm quickstart}: ML-100K → ML100K-U1 samples → knowledge (imported LLM texts, or each item's own metadata
 * when there are none) → MiniLM vectors → backbones trained without and with knowledge → the comparison.
 */
@Command(name = "quickstart", mixinStandardHelpOptions = true,
        description = "Prepare ML-100K (ML100K-U1), add knowledge, encode it, and train backbones without and with it.")
final class QuickstartCommand implements Callable<Integer> {

    @Option(names = "--data", paramLabel = "DIR",
            description = "Unpacked ML-100K folder. Without it, ML-100K is downloaded once (checksum-verified) into the cache.")
    Path data;

    @Option(names = "--knowledge-dir", paramLabel = "DIR",
            description = "Folder with LLM texts about the items and users (" + TeacherProfiles.ITEMS_CSV + ", "
                    + TeacherProfiles.USERS_CSV + "). "
                    + "Without it, each item's own metadata text stands in as its knowledge.")
    Path knowledgeDir;

    @Option(names = "--work", defaultValue = "recllm-work", paramLabel = "DIR",
            description = "Folder for the sample store, knowledge store and reports. Default: ${DEFAULT-VALUE}.")
    Path work;

    @Option(names = "--models", defaultValue = "deepfm", split = ",",
            description = "Backbones to train, comma-separated. Default: ${DEFAULT-VALUE}.")
    List<String> models;

    @Option(names = "--knowledge-model-id", paramLabel = "ID", defaultValue = "imported",
            description = "The LLM that wrote the texts of --knowledge-dir (e.g. gpt-4o-mini), recorded with them in the "
                    + "knowledge store. Default: ${DEFAULT-VALUE}.")
    String knowledgeModelId;

    @Mixin
    TrainingOptions training;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        List<ModelSpec> specs = OptionInputs.naming(ModelZoo.MODEL, "--models", () -> models.stream().map(ModelZoo::spec).toList());
        TrainConfig config = training.config(ExperimentFile.EMPTY);
        int seeds = training.seeds(ExperimentFile.EMPTY, 1);
        Path reportFile = work.resolve("kar.json");
        Outputs.requireWritable(reportFile, "--work");
        var out = spec.commandLine().getOut();
        DatasetOptions source = new DatasetOptions();
        source.dataset = "ml-100k";
        source.data = data;
        RatingDataset dataset = source.read();
        Path samples = work.resolve("samples").resolve(Ml100kU1Protocol.NAME);
        var stats = Preparation.prepare(source, Ml100kU1Protocol.NAME, 20, samples);
        out.println(Preparation.describe(stats, samples));
        Path knowledgeStore = work.resolve("knowledge.db");
        List<KnowledgeType> types = prepareKnowledge(dataset, knowledgeStore, out);
        KnowledgeSource knowledge = new KnowledgeSource(StoreLocation.of(knowledgeStore), SentenceEncoders.MINILM, null, types);
        AdaptorConfig adaptor = AdaptorConfig.defaults();
        KarReport report;
        try (SampleStore store = SampleStore.openVerified(samples);
             RunJournal journal = RunJournal.open(KarOutputs.journalBeside(reportFile))) {
            var vectors = knowledge.assemble(store);
            String description = knowledgeStore + " (" + (knowledgeDir == null ? "item metadata texts" : "texts by "
                    + knowledgeModelId + " from " + knowledgeDir) + ", all-MiniLM-L6-v2, hybrid-expert adaptor)";
            TrainingRuns runs = new TrainingRuns(store, journal, message -> TrainCommand.logLine(out, message));
            report = KarExperiment.run(store, samples.toString(), vectors.inputs(), adaptor, description, specs, seeds,
                    config, runs);
        }
        KarOutputs.write(report, reportFile);
        out.println("\nML100K-U1 test results without and with knowledge (protocol: shared/BENCHMARK.md; "
                + TrainingSummary.of(config) + ", " + seeds + " seed(s))\n");
        out.print(report.table().render());
        out.println("\nreports: " + reportFile + " (.md, .png, -popularity.png, -users.png)");
        return 0;
    }

    /** Imports the LLM texts when given (else metadata texts for every item), encodes what is new; returns the types. */
    private List<KnowledgeType> prepareKnowledge(RatingDataset dataset, Path file, java.io.PrintWriter out) {
        List<KnowledgeType> types = new ArrayList<>(List.of(KnowledgeType.ITEM));
        try (SqliteKnowledgeStore knowledge = SqliteKnowledgeStore.open(file)) {
            if (knowledgeDir != null) {
                List<TextSource> sources = List.of(TeacherProfiles.source(knowledgeDir, EntityType.ITEM),
                        TeacherProfiles.source(knowledgeDir, EntityType.USER));
                KnowledgeImporter.importAll(sources, new Provenance(knowledgeModelId, "movies", "u1.base"), true, knowledge);
                int added = MetadataTexts.addMissingItems(dataset, "movies", knowledge);
                out.printf(Locale.ROOT, "knowledge: LLM texts from %s, metadata texts for the %d items without one%n",
                        knowledgeDir, added);
                types.add(KnowledgeType.USER);
            } else {
                MetadataTexts.addAllItems(dataset, "movies", knowledge);
                out.println("knowledge: no LLM knowledge given (--knowledge-dir), so each item's own metadata text "
                        + "(title, genres, year) stands in for it; user knowledge is left out");
            }
            try (SentenceEncoder encoder = SentenceEncoders.open(SentenceEncoders.MINILM)) {
                long pending = knowledge.countWithoutEmbedding(encoder.id());
                if (pending > 0) {
                    try (Progress progress = Progress.start("encode " + encoder.id(), "entries", pending)) {
                        EncodingJob.encodePending(knowledge, encoder, 32, progress);
                    }
                }
            }
        }
        out.flush();
        return types;
    }
}
