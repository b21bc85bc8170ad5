package org.recllm.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.recllm.core.io.AtomicFiles;
import org.recllm.core.io.BadInputException;
import org.recllm.core.report.TextTable;
import org.recllm.data.dataset.RatingDataset;
import org.recllm.data.protocol.Split;
import org.recllm.data.store.RowSample;
import org.recllm.data.store.SampleStore;
import org.recllm.data.store.SplitView;
import org.recllm.llm.LanguageModel;
import org.recllm.llm.lora.LoraBankFile;
import org.recllm.rank.prompt.RankPrompt;
import org.recllm.rank.retrieval.RetrievedHistory;
import org.recllm.rank.retrieval.SemanticRetrieval;
import org.recllm.rank.scoring.ScoreLog;
import org.recllm.rank.scoring.ZeroShot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code recllm rank zero-shot}: a GGUF model as a click model, P(Yes) for each sample's prompt, AUC and LogLoss. */
@Command(name = "zero-shot", aliases = "evaluate", mixinStandardHelpOptions = true,
        description = "Score samples with an LLM: each sample as ReLLa's prompt (profile, K history items, candidate, "
                + "\"Will the user like it? Answer Yes or No.\"), P(Yes) against P(No) for the next token; AUC and LogLoss. "
                + "`rank evaluate` is the same command, usually with --lora (a tuned ranker) or --reclora (a RecLoRA bank).")
final class RankZeroShotCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "M.gguf", description = "GGUF model (an instruction-tuned one for real use).")
    Path model;

    @Mixin
    AdapterOption adapter;

    @Option(names = "--reclora", paramLabel = "BANK.gguf", description = "RecLoRA bank of rank finetune --reclora-experts, "
            + "routed per sample by its router model's user representation.")
    Path reclora;

    @Option(names = "--router-model", paramLabel = "DIR", description = "The bank's CTR model bundle. Default: the one the "
            + "bank records (its version must match).")
    Path routerModel;

    @Option(names = "--samples", required = true, paramLabel = "DIR", description = "Sample store with a behaviour sequence.")
    Path samples;

    @Option(names = "--history", defaultValue = "latest", paramLabel = "latest|retrieved",
            description = "Which K history items the prompt names. Default: ${DEFAULT-VALUE}.")
    String history;

    @Option(names = "--retrieved", paramLabel = "DIR", description = "Output of rank retrieve (for --history retrieved).")
    Path retrieved;

    @Option(names = "--k", defaultValue = "10", paramLabel = "K", description = "History items in the prompt. Default: ${DEFAULT-VALUE}.")
    int k;

    @Option(names = "--split", defaultValue = "test", paramLabel = "test|valid", description = "Split to score. Default: ${DEFAULT-VALUE}.")
    String split;

    @Option(names = "--limit", defaultValue = "0", paramLabel = "N",
            description = "Score N samples spread evenly over the split (0: all). Default: ${DEFAULT-VALUE}.")
    int limit;

    @Option(names = "--batch", defaultValue = "8", paramLabel = "N", description = "Prompts per forward pass. Default: ${DEFAULT-VALUE}.")
    int batch;

    @Option(names = "--chat", description = "Wrap each prompt in the model's chat template; the answer is the assistant's first token.")
    boolean chat;

    @Mixin
    ItemNameOptions itemNames;

    @Option(names = "--data", paramLabel = "DIR", description = "Dataset folder for item titles. Default: the samples' own.")
    Path data;

    @Option(names = "--report", required = true, paramLabel = "R.json", description = "JSON with test_auc, test_logloss and the setting.")
    Path report;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Outputs.requireWritable(report, "--report");
        if (k < 1 || batch < 1) {
            throw new BadInputException(k < 1 ? "--k" : "--batch", 0, null, "expected a positive number");
        }
        OptionInputs.require(limit >= 0, "--limit", "expected 0 (every sample) or a positive number, got " + limit);
        Split chosenSplit = switch (split) {
            case "test" -> Split.TEST;
            case "valid" -> Split.VALID;
            default -> throw new BadInputException("--split", 0, null, "expected test or valid, got '" + split + "'");
        };
        boolean useRetrieved = switch (history) {
            case "latest" -> false;
            case "retrieved" -> true;
            default -> throw new BadInputException("--history", 0, null, "expected latest or retrieved, got '" + history + "'");
        };
        if (useRetrieved && retrieved == null) {
            throw new BadInputException("--retrieved", 0, null, "--history retrieved needs the output of rank retrieve");
        }
        OptionInputs.require(reclora == null || adapter.lora == null, "--reclora", "a model takes one adapter: --lora or --reclora");
        OptionInputs.require(reclora != null || routerModel == null, "--router-model", "a router model is read only with --reclora");
        LoraBankFile.Header bank = reclora == null ? null : LoraBankFile.header(reclora);
        var print = spec.commandLine().getOut();
        ZeroShot.Result result;
        String routerSource = null;
        String runKey;
        Path work = report.toAbsolutePath().resolveSibling("." + report.getFileName() + ".work");
        try (SampleStore store = SampleStore.openVerified(samples);
             LanguageModel llm = OptionInputs.naming("model", "--model", () -> bank == null ? LanguageModel.open(model, adapter.lora)
                     : LanguageModel.openWithBank(model, reclora))) {
            SplitView view = store.split(chosenSplit);
            RatingDataset dataset = StoreDataset.read(store, data, "--data", print);
            RankPrompt prompt = new RankPrompt(store, view, SemanticRetrieval.itemHistory(store), itemNames.names(dataset));
            ZeroShot.HistoryChoice choice;
            if (useRetrieved) {
                choice = RankInputs.retrieved(RetrievedHistory.read(retrieved, store), chosenSplit, k);
            } else {
                choice = row -> prompt.latest(row, k);
            }
            int[] rows = RowSample.spread(view.rows(), limit);
            ZeroShot.RowConditions conditions = null;
            if (bank != null) {
                RouterConditions router = RouterConditions.forBank(bank, reclora, routerModel, "--router-model", store);
                conditions = router.of(chosenSplit, rows, bank.routerInputs());
                routerSource = router.source();
            }
            runKey = String.join(" ", "model=" + RankInputs.fileKey(model), "adapter=" + (adapter.lora != null
                            ? RankInputs.fileKey(adapter.lora) : reclora != null ? RankInputs.fileKey(reclora) : "-"),
                    "samples=" + store.contentId(), "split=" + split, "history=" + history, "k=" + k, "limit=" + limit,
                    "chat=" + chat, "data=" + (data == null ? "-" : RankInputs.fileKey(data)), itemNames.key(),
                    "retrieved=" + (useRetrieved ? RankInputs.fileKey(retrieved.resolve(RetrievedHistory.MANIFEST)) : "-"),
                    "router=" + (routerSource == null ? "-" : routerSource.replace(' ', '_')));
            try (WorkFolder folder = WorkFolder.lock(work, "--report"); ScoreLog log = ScoreLog.open(folder.path(), runKey)) {
                result = ZeroShot.run(view, prompt, choice, rows, RankInputs.scorer(llm, chat, batch), batch, conditions, log);
            }
        }
        AtomicFiles.deleteTreeQuietly(work);
        print.printf(Locale.ROOT, "%s on %d %s samples, %s %d history items: AUC %.4f, LogLoss %.4f (%.1f samples/s, %.0f "
                        + "prompt tokens on average)%nexample prompt: %s%n", model.getFileName(), result.rows(), split, history, k,
                result.auc(), result.logLoss(), result.samplesPerSecond(), result.meanPromptTokens(), result.examplePrompt());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("model", model.toString());
        json.put("lora", adapter.lora == null ? null : adapter.lora.toString());
        json.put("reclora", reclora == null ? null : reclora.toString());
        json.put("router_source", routerSource);
        json.put("run_key", runKey);
        json.put("samples", samples.toString());
        json.put("split", split);
        json.put("history", history);
        json.put("k", k);
        json.put("chat", chat);
        json.put("item_names", itemNames.itemNames);
        json.put("result", result);
        json.put("test_auc", result.auc());
        json.put("test_logloss", result.logLoss());
        AtomicFiles.writeJson(report, json);
        TextTable table = new TextTable("model", "adapter", "split", "samples", "history", "K", "AUC", "LogLoss",
                "prompt tokens", "samples/s");
        table.add(model.getFileName(), adapter.lora != null ? adapter.lora.getFileName() : reclora != null ? reclora.getFileName() : "",
                split, result.rows(), history, k, String.format(Locale.ROOT, "%.4f", result.auc()),
                String.format(Locale.ROOT, "%.4f", result.logLoss()), String.format(Locale.ROOT, "%.0f", result.meanPromptTokens()),
                String.format(Locale.ROOT, "%.1f", result.samplesPerSecond()));
        String base = KarOutputs.baseName(report);
        AtomicFiles.writeString(report.resolveSibling(base + ".md"), "# Yes/No scoring of " + samples + "\n\n"
                + table.markdown() + "\nExample prompt:\n\n```\n" + result.examplePrompt() + "\n```\n");
        print.println("report: " + report + " (and " + base + ".md)");
        return 0;
    }
}
