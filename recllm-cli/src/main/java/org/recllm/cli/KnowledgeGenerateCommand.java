package org.recllm.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.recllm.core.io.BadInputException;
import org.recllm.core.progress.Progress;
import org.recllm.knowledge.backend.EmbeddedBackend;
import org.recllm.knowledge.backend.GenerationSettings;
import org.recllm.knowledge.backend.LlmBackend;
import org.recllm.knowledge.backend.OpenAiCompatibleBackend;
import org.recllm.knowledge.backend.Pricing;
import org.recllm.knowledge.generation.ContextFit;
import org.recllm.knowledge.generation.GenerationJob;
import org.recllm.knowledge.generation.GenerationReport;
import org.recllm.knowledge.prompt.EntityPrompt;
import org.recllm.knowledge.store.KnowledgeStore;
import org.recllm.knowledge.store.StoreLocation;
import org.recllm.llm.speculative.SpeculationStats;
import org.recllm.llm.speculative.SpeculativeConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code recllm knowledge generate}: asks a model every prompt the store has no answer to yet; rerun to resume. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Ask an LLM the scenario's prompts about items and users and store each answer at once "
                + "(entries already stored are skipped, so a rerun resumes).")
final class KnowledgeGenerateCommand implements Callable<Integer> {
    /** How many prompts a dry run shows in full. */
    private static final int SHOWN = 3;

    @Option(names = "--store", required = true, paramLabel = "STORE",
            description = "Knowledge store: a SQLite file or a jdbc:postgresql:// URL; created when absent.")
    StoreLocation store;

    @Mixin
    PromptOptions prompts;

    @Mixin
    BackendOptions backend;

    @Mixin
    SpeculativeOptions speculative;

    @Mixin
    GenerationOptions generation;

    @Option(names = "--price-in", defaultValue = "0", paramLabel = "USD_PER_M", description = "Price per million prompt tokens.")
    double priceIn;

    @Option(names = "--price-out", defaultValue = "0", paramLabel = "USD_PER_M", description = "Price per million completion tokens.")
    double priceOut;

    @Option(names = "--dry-run", description = "Show what would be asked (the first " + SHOWN + " prompts in full) and ask nothing.")
    boolean dryRun;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        GenerationSettings settings = generation.settings();
        Pricing pricing = pricing();
        PromptOptions.Built built = prompts.build(store);
        String scenario = built.scenario().name();
        PrintWriter out = spec.commandLine().getOut();
        if (dryRun) {
            return dryRun(built, scenario, out);
        }
        // The backend first: options it refuses (--concurrency 0, no --base-url) must not leave a new store behind.
        SpeculativeConfig speculation = speculative.config();
        try (LlmBackend llm = backend.open(speculation, speculative.poolSettings(),
                model -> speculative.measured(speculation, model))) {
            return WritableKnowledgeStore.use(store, knowledge -> generate(knowledge, llm, built, scenario, settings, pricing, out));
        }
    }

    private int generate(KnowledgeStore knowledge, LlmBackend llm, PromptOptions.Built built, String scenario,
                         GenerationSettings settings, Pricing pricing, PrintWriter out) {
        GenerationJob job = new GenerationJob(knowledge, llm, scenario, settings, pricing, built.source()::genreGroup);
        int answerRoom = Math.min(settings.maxTokens(), ContextFit.MIN_ANSWER_TOKENS);
        ContextFit fit = ContextFit.of(built.prompts(), built.fitter(), llm, answerRoom);
        List<EntityPrompt> fitted = fit.prompts();
        if (fit.shortened() > 0) {
            out.printf(Locale.ROOT, "%,d %s, to leave %d tokens for the answer in %s's context%n", fit.shortened(),
                    prompts.perCluster() ? "cluster prompts list fewer items" : "user prompts keep only their most recent "
                    + "ratings", answerRoom, llm.modelId());
        }
        int pending = job.pending(fitted).size();
        out.printf(Locale.ROOT, "%s, scenario %s: %,d of %,d prompts to ask (%,d already stored)%n", llm.modelId(),
                scenario, pending, fitted.size(), fitted.size() - pending);
        if (prompts.perCluster()) {
            out.printf(Locale.ROOT, "%,d cluster prompts in place of %,d entity prompts (%.1f× fewer calls)%n",
                    fitted.size(), built.entities(), (double) built.entities() / Math.max(1, fitted.size()));
        }
        out.flush();
        if (pending == 0) {
            return 0;
        }
        int seeded = job.seedPools(fitted);
        if (llm.drafts()) {
            out.printf(Locale.ROOT, "speculative decoding (%s): pools by genre seeded with %,d stored answers%n",
                    speculative.config().mode().label(), seeded);
        }
        GenerationReport report;
        try (Progress progress = Progress.start("generate " + llm.modelId(), "entities", pending)) {
            report = job.run(fitted, progress);
        }
        out.printf(Locale.ROOT, "stored %,d %s in %.1f s: %.2f entities/s, %,.0f tokens/s out (%,.0f in and out); "
                        + "%,d prompt and %,d completion tokens%s%n", report.generated(),
                report.generated() == 1 ? "answer" : "answers", report.seconds(),
                report.entitiesPerSecond(), report.completionTokensPerSecond(), report.tokensPerSecond(),
                report.promptTokens(), report.completionTokens(),
                pricing.isFree() ? "" : String.format(Locale.ROOT, "; cost $%.4f", report.costUsd()));
        if (llm instanceof EmbeddedBackend embedded && embedded.drafts()) {
            SpeculationStats stats = embedded.speculationStats();
            out.printf(Locale.ROOT, "speculation: %,d decoding passes, %.2f tokens per pass, %,d of %,d drafted tokens "
                            + "accepted (%.1f%%, %.2f per drafted pass), retrieval %.2f%% of the time; %d pools%n",
                    stats.decodePasses(), stats.tokensPerPass(), stats.accepted(), stats.drafted(),
                    100 * stats.acceptance(), stats.meanAcceptedLength(), 100 * stats.retrievalShare(),
                    embedded.poolCount());
        }
        if (llm instanceof OpenAiCompatibleBackend http && http.retries() > 0) {
            out.printf(Locale.ROOT, "%,d requests were retried%n", http.retries());
        }
        return 0;
    }

    private int dryRun(PromptOptions.Built built, String scenario, PrintWriter out) {
        List<EntityPrompt> all = built.prompts();
        String modelId = backend.modelId();
        List<EntityPrompt> pending = all;
        // A dry run creates nothing: without a store, everything is still to ask.
        if (store.exists()) {
            try (KnowledgeStore knowledge = store.openExisting()) {
                pending = GenerationJob.pending(all, knowledge, scenario, modelId);
            }
        }
        out.printf(Locale.ROOT, "dry run: %s, scenario %s: %,d of %,d prompts to ask (%,d already stored); nothing is sent%n",
                modelId, scenario, pending.size(), all.size(), all.size() - pending.size());
        if (prompts.perCluster()) {
            out.printf(Locale.ROOT, "%,d cluster prompts in place of %,d entity prompts%n", all.size(), built.entities());
        }
        for (EntityPrompt prompt : pending.subList(0, Math.min(SHOWN, pending.size()))) {
            out.println();
            out.println(KnowledgePromptsCommand.header(prompt));
            out.println(prompt.text());
        }
        return 0;
    }


    private Pricing pricing() {
        try {
            return new Pricing(priceIn, priceOut);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--price-in/--price-out", 0, null, e.getMessage());
        }
    }
}
