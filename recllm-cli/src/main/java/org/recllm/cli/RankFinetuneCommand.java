package org.recllm.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.recllm.core.io.AtomicFiles;
import org.recllm.core.report.LineChart;
import org.recllm.core.report.TextTable;
import org.recllm.data.dataset.RatingDataset;
import org.recllm.data.protocol.Split;
import org.recllm.data.store.RowSample;
import org.recllm.data.store.SampleStore;
import org.recllm.data.store.SplitView;
import org.recllm.llm.LanguageModel;
import org.recllm.llm.lora.LoraConfig;
import org.recllm.llm.lora.TrainableLora;
import org.recllm.llm.lora.TrainableLoraBank;
import org.recllm.llm.train.TrainableAdapter;
import org.recllm.llm.train.TrainingSequence;
import org.recllm.rank.prompt.RankPrompt;
import org.recllm.rank.retrieval.RetrievedHistory;
import org.recllm.rank.retrieval.SemanticRetrieval;
import org.recllm.rank.scoring.YesNoScorer;
import org.recllm.rank.scoring.ZeroShot;
import org.recllm.rank.tuning.LoraTuning;
import org.recllm.rank.tuning.MixedInstructions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code recllm rank finetune}: ReLLa's few-shot LoRA instruction tuning on the mixed latest/retrieved prompts. */
@Command(name = "finetune", mixinStandardHelpOptions = true,
        description = "LoRA-tune a GGUF model as a ranker on --budget training samples, each prompted twice (latest and "
                + "retrieved K history items, answer Yes or No); after each epoch the adapter is scored on validation "
                + "samples (retrieved history) and the best one kept. With --reclora-experts, a RecLoRA bank routed by a "
                + "CTR model's user representation.")
final class RankFinetuneCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "M.gguf", description = "Base model (GGUF).")
    Path model;

    @Option(names = "--samples", required = true, paramLabel = "DIR", description = "Sample store with a behaviour sequence.")
    Path samples;

    @Option(names = "--retrieved", required = true, paramLabel = "DIR", description = "Output of rank retrieve on these samples.")
    Path retrieved;

    @Option(names = "--k", defaultValue = "10", paramLabel = "K", description = "History items per prompt. Default: ${DEFAULT-VALUE}.")
    int k;

    @Option(names = "--budget", required = true, paramLabel = "N", description = "Training samples (spread evenly over the "
            + "training split; each gives two prompts).")
    int budget;

    @Option(names = "--valid", defaultValue = "512", paramLabel = "N", description = "Validation samples scored after each "
            + "epoch. Default: ${DEFAULT-VALUE}.")
    int valid;

    @Option(names = "--epochs", defaultValue = "5", description = "Most epochs. Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Option(names = "--patience", defaultValue = "1", description = "Epochs without a better validation AUC before stopping. "
            + "Default: ${DEFAULT-VALUE}.")
    int patience;

    @Mixin
    LoraOptions lora;

    @Option(names = "--reclora-experts", paramLabel = "N", description = "RecLoRA: train a bank of N LoRA experts (each of "
            + "--rank on --targets) mixed per sample by a soft router over --router-model's user representation, instead "
            + "of one LoRA; the bank and the router train, the base and the CTR model stay frozen.")
    Integer experts;

    @Option(names = "--router-model", paramLabel = "DIR", description = "RecLoRA's frozen CTR model: a bundle of "
            + "`recllm train --model din --save DIR` on these samples; DIN's interest vector over each sample's whole "
            + "stored history routes the bank while the prompt names only --k items.")
    Path routerModel;

    @Option(names = "--batch", defaultValue = "8", description = "Sequences per step. Default: ${DEFAULT-VALUE}.")
    int batch;

    @Option(names = "--learning-rate", defaultValue = "3e-4", description = "Peak learning rate. Default: ${DEFAULT-VALUE}.")
    float learningRate;

    @Option(names = "--chat", description = "Wrap prompts in the model's chat template (as rank zero-shot --chat).")
    boolean chat;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the factors and the data order. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Mixin
    RecomputeOption recompute;

    @Mixin
    ItemNameOptions itemNames;

    @Option(names = "--data", paramLabel = "DIR", description = "Dataset folder for item titles. Default: the samples' own.")
    Path data;

    @Option(names = "--out", required = true, paramLabel = "ADAPTER.gguf", description = "The best epoch's adapter (a RecLoRA bank with --reclora-experts).")
    Path out;

    @Option(names = "--report", required = true, paramLabel = "R.json", description = "Epochs, validation AUC, the setting.")
    Path report;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    private static final int MAX_EXPERTS = 64;

    /**
     * Everything a tuning result depends on, each part a space-free token (so a refusal can name the parts that
     * differ); early-stopping patience is left out, so a stopped run may resume with more of it.
     */
    private String runKey(SampleStore store, RetrievedHistory positions, LoraConfig config, String routerSource) {
        String targets = config.targets().stream().sorted().map(p -> p.name().toLowerCase(Locale.ROOT))
                .collect(java.util.stream.Collectors.joining(","));
        return String.join(" ", "model=" + RankInputs.fileKey(model), "samples=" + store.contentId(),
                "data=" + (data == null ? "-" : RankInputs.fileKey(data)), itemNames.key(),
                "retrieved=" + RankInputs.fileKey(retrieved.resolve(RetrievedHistory.MANIFEST)),
                "retrieved_k=" + positions.manifest().k(),
                "k=" + k, "budget=" + budget, "valid=" + valid, "epochs=" + epochs, "batch=" + batch,
                "learning_rate=" + learningRate, "seed=" + seed, "chat=" + chat, "rank=" + config.rank(),
                "alpha=" + config.alpha(), "dropout=" + config.dropout(), "targets=" + targets,
                "experts=" + (experts == null ? 1 : experts), "router=" + (routerSource == null ? "-" : routerSource.replace(' ', '_')));
    }

    /** "lora r8 q,v", or "reclora 8 × lora r8 q,v". */
    private String adapterName() {
        return experts == null ? lora.describe() : "reclora " + experts + " × " + lora.describe();
    }

    @Override
    public Integer call() throws Exception {
        Outputs.requireWritable(out, "--out");
        Outputs.requireWritable(report, "--report");
        CorpusTrainingOptions.requirePositive(budget, "--budget");
        CorpusTrainingOptions.requirePositive(valid, "--valid");
        CorpusTrainingOptions.requirePositive(k, "--k");
        LoraConfig loraConfig = lora.config();
        CorpusTrainingOptions.requirePositive(epochs, "--epochs");
        CorpusTrainingOptions.requirePositive(patience, "--patience");
        CorpusTrainingOptions.requirePositive(batch, "--batch");
        OptionInputs.require(learningRate > 0 && Float.isFinite(learningRate), "--learning-rate",
                "expected a positive rate, got " + learningRate);
        LoraTuning.Settings settings = new LoraTuning.Settings(epochs, patience, batch, learningRate, seed, recompute.enabled);
        OptionInputs.require(experts == null || (experts >= 2 && experts <= MAX_EXPERTS), "--reclora-experts",
                "expected 2 to " + MAX_EXPERTS + " experts, got " + experts);
        OptionInputs.require(experts == null || routerModel != null, "--router-model",
                "--reclora-experts routes by a CTR model's user representation: give the model bundle");
        OptionInputs.require(experts != null || routerModel == null, "--router-model",
                "a router model is read only for a RecLoRA bank (--reclora-experts N)");
        var print = spec.commandLine().getOut();
        Path work = out.toAbsolutePath().resolveSibling("." + out.getFileName() + ".work");
        LoraTuning.Result result;
        String routerSource = null;
        try (SampleStore store = SampleStore.openVerified(samples); LanguageModel base = LanguageModel.open(model)) {
            RetrievedHistory positions = RetrievedHistory.read(retrieved, store);
            RatingDataset dataset = StoreDataset.read(store, data, "--data", print);
            var history = SemanticRetrieval.itemHistory(store);
            var names = itemNames.names(dataset);
            SplitView train = store.split(Split.TRAIN);
            SplitView validation = store.split(Split.VALID);
            RankPrompt trainPrompt = new RankPrompt(store, train, history, names);
            RankPrompt validPrompt = new RankPrompt(store, validation, history, names);
            YesNoScorer scorer = RankInputs.scorer(base, chat, batch);
            int[] trainRows = RowSample.spread(train.rows(), budget);
            int[] validRows = RowSample.spread(validation.rows(), valid);
            RouterConditions router = experts == null ? null : RouterConditions.load(routerModel, "--router-model", store);
            ZeroShot.RowConditions trainConditions = router == null ? null : router.of(Split.TRAIN, trainRows, 0);
            ZeroShot.RowConditions validConditions = router == null ? null : router.of(Split.VALID, validRows, 0);
            routerSource = router == null ? null : router.source();
            List<TrainingSequence> sequences = MixedInstructions.of(train, trainRows, trainPrompt,
                    row -> trainPrompt.latest(row, k), RankInputs.retrieved(positions, Split.TRAIN, k), scorer, trainConditions);
            ZeroShot.HistoryChoice validHistory = RankInputs.retrieved(positions, Split.VALID, k);
            String architecture = base.gguf().metadata().string("general.architecture");
            TrainableAdapter trainable = router == null
                    ? new TrainableLora(base.config(), architecture, loraConfig, seed)
                    : new TrainableLoraBank(base.config(), architecture, loraConfig, experts,
                            sequences.stream().map(TrainingSequence::condition).toList(), router.source(), seed);
            String name = adapterName();
            print.printf(Locale.ROOT, "tuning %s of %s on %d samples (%d prompts), validating on %d%n", name,
                    model.getFileName(), Math.min(budget, train.rows()), sequences.size(), validRows.length);
            String runKey = runKey(store, positions, loraConfig, routerSource);
            try (WorkFolder folder = WorkFolder.lock(work, "--out")) {
                result = LoraTuning.run(base, model.getFileName().toString(), settings, trainable, name, runKey, sequences, adapter -> {
                    try (LanguageModel withAdapter = experts == null ? LanguageModel.open(model, adapter)
                            : LanguageModel.openWithBank(model, adapter)) {
                        return ZeroShot.run(validation, validPrompt, validHistory, validRows,
                                RankInputs.scorer(withAdapter, chat, batch), batch, validConditions, null);
                    }
                }, out, folder.path(), message -> TrainCommand.logLine(print, message));
            }
        }
        AtomicFiles.deleteTreeQuietly(work);
        TextTable table = new TextTable("epoch", "steps", "train loss", "valid AUC", "valid LogLoss");
        for (LoraTuning.Epoch e : result.epochs()) {
            table.add(e.epoch(), e.steps(), e.trainLoss() == null ? "" : String.format(Locale.ROOT, "%.4f", e.trainLoss()),
                    String.format(Locale.ROOT, "%.4f", e.validAuc()), String.format(Locale.ROOT, "%.4f", e.validLogLoss()));
        }
        print.print(table.render());
        print.printf(Locale.ROOT, "best epoch %d (valid AUC %.4f); %,d adapter parameters, %.0f train tokens/s%n",
                result.bestEpoch(), result.bestValidAuc(), result.adapterParameters(), result.tokensPerSecond());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("model", model.toString());
        json.put("samples", samples.toString());
        json.put("retrieved", retrieved.toString());
        json.put("k", k);
        json.put("budget", budget);
        json.put("lora", lora.describe());
        json.put("reclora_experts", experts);
        json.put("router_model", routerModel == null ? null : routerModel.toString());
        json.put("router_source", routerSource);
        json.put("adapter_name", adapterName());
        json.put("learning_rate", learningRate);
        json.put("chat", chat);
        json.put("adapter", out.toString());
        json.put("result", result);
        AtomicFiles.writeJson(report, json);
        String base = KarOutputs.baseName(report);
        AtomicFiles.writeString(report.resolveSibling(base + ".md"), "# Ranker tuning: " + adapterName() + " of "
                + model.getFileName() + "\n\nSamples " + samples + ", K = " + k + " history items, budget " + budget
                + " samples (" + result.trainSequences() + " prompts), learning rate " + learningRate + (chat ? ", chat template" : "")
                + (routerModel == null ? "" : ", router model " + routerModel) + "\n\n" + table.markdown()
                + String.format(Locale.ROOT, "%nBest epoch %d (valid AUC %.4f); %,d adapter parameters, %.0f train tokens/s.%n",
                        result.bestEpoch(), result.bestValidAuc(), result.adapterParameters(), result.tokensPerSecond()));
        double[] epochNumbers = result.epochs().stream().mapToDouble(LoraTuning.Epoch::epoch).toArray();
        LineChart.png(report.resolveSibling(base + ".png"), "Validation AUC of " + adapterName() + " by epoch (0: the base)",
                "epoch", "valid AUC", List.of(new LineChart.Series("valid AUC", epochNumbers,
                        result.epochs().stream().mapToDouble(LoraTuning.Epoch::validAuc).toArray())));
        print.println("adapter: " + out + "\nreport: " + report + " (and " + base + ".md, " + base + ".png)");
        return 0;
    }
}
