package org.recllm.cli;

import org.recllm.knowledge.store.StoreLocation;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.recllm.core.io.BadInputException;
import org.recllm.core.progress.Progress;
import org.recllm.data.dataset.RatingDataset;
import org.recllm.knowledge.backend.GenerationSettings;
import org.recllm.knowledge.backend.LlmBackend;
import org.recllm.knowledge.backend.Pricing;
import org.recllm.knowledge.generation.GenerationJob;
import org.recllm.knowledge.scenario.Scenario;
import org.recllm.knowledge.scenario.Scenarios;
import org.recllm.knowledge.streaming.StreamWindow;
import org.recllm.knowledge.streaming.StreamWindows;
import org.recllm.knowledge.streaming.StreamingUpdate;
import org.recllm.knowledge.streaming.UpdateReport;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code recllm knowledge update}: streaming knowledge updates, one new version of each active user's knowledge per
 * time window, in time order; rerun to resume.
 */
@Command(name = "update", mixinStandardHelpOptions = true,
        description = "Refresh user knowledge per time window of the interaction log: for each window (--window 7d), "
                + "each user who rated something in it gets a new version from their previous version plus the window's "
                + "ratings (an LLM), or their fact text as of the window's end (--facts). Versions are stored under their "
                + "window; models given --knowledge-types user-stream read, for each sample, the newest version whose "
                + "window ended before it. Stored versions are kept, so a rerun resumes.")
final class KnowledgeUpdateCommand implements Callable<Integer> {

    @Option(names = "--store", required = true, paramLabel = "STORE",
            description = "Knowledge store: a SQLite file or a jdbc:postgresql:// URL; created when absent.")
    StoreLocation store;

    @Mixin
    DatasetOptions dataset;

    @Option(names = "--window", required = true, paramLabel = "7d",
            description = "Refresh cadence: a number of hours, days or weeks (12h, 7d, 2w).")
    String window;

    @Option(names = "--until", paramLabel = "DATE",
            description = "Stop at this day (yyyy-mm-dd, UTC) or instant: no window holds a rating at or after it. "
                    + "Default: the end of the log.")
    String until;

    @Option(names = "--users", paramLabel = "N", description = "Only the log's first N users by id (a trial run).")
    Integer users;

    @Option(names = "--scenario", defaultValue = "movies", paramLabel = "movies|books|FILE.yaml",
            description = "Built-in scenario or a scenario file (its user_update_prompt). Default: ${DEFAULT-VALUE}.")
    String scenario;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Writer writer;

    /** Who writes the versions: the fact writer, or an LLM. */
    static final class Writer {
        @Option(names = "--facts", required = true,
                description = "Write each version as the user's fact text (latest ratings, ratings by genre) as of the "
                        + "window's end, stored as metadata: no LLM.")
        boolean facts;

        @ArgGroup(exclusive = false, heading = "LLM:%n")
        BackendOptions llm;
    }

    @Mixin
    GenerationOptions generation;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Scenario chosen = OptionInputs.naming("scenario", "--scenario", () -> Scenarios.resolve(scenario));
        OptionInputs.require(users == null || users > 0, "--users", "expected at least 1, got " + users);
        GenerationSettings settings = generation.settings();
        RatingDataset data = dataset.read();
        List<StreamWindow> windows;
        try {
            windows = StreamWindows.over(data.ratings(), window, until());
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--window", 0, null, e.getMessage());
        }
        OptionInputs.require(!windows.isEmpty(), "--until", "no rating of " + data.name() + " is before " + until);
        int most = users == null ? Integer.MAX_VALUE : users;
        if (writer.facts) {
            return update(data, chosen, windows, most, null, settings);
        }
        try (LlmBackend llm = writer.llm.open()) {
            return update(data, chosen, windows, most, llm, settings);
        }
    }

    /** The update with {@code llm}, or with the fact writer when it is null. */
    private int update(RatingDataset data, Scenario chosen, List<StreamWindow> windows, int most, LlmBackend llm,
                       GenerationSettings settings) {
        String writtenBy = llm == null ? "facts" : llm.modelId();
        return WritableKnowledgeStore.use(store, knowledge -> {
            StreamingUpdate update = new StreamingUpdate(knowledge, data, chosen, windows, most);
            UpdateReport report;
            try (Progress progress = Progress.start("update " + writtenBy, "user-windows", update.activeUserWindows())) {
                report = llm == null ? update.withFacts(progress) : update.withModel(llm,
                        new GenerationJob(knowledge, llm, chosen.name(), settings, Pricing.FREE), generation.maxTokens,
                        progress);
            }
            print(spec.commandLine().getOut(), writtenBy, windows, report);
            return 0;
        });
    }

    private void print(PrintWriter out, String writtenBy, List<StreamWindow> windows, UpdateReport report) {
        out.printf(Locale.ROOT, "%s: %d windows of %s from %s to %s; %,d user-window versions (%,d stored before, %,d new) "
                        + "in %.1f s%n", writtenBy, windows.size(), window, Instant.ofEpochSecond(windows.getFirst().start()),
                Instant.ofEpochSecond(windows.getLast().end()), report.prompts(), report.alreadyStored(), report.generated(),
                report.seconds());
        if (report.promptTokens() > 0) {
            out.printf(Locale.ROOT, "tokens of the new versions: %,d prompt, %,d completion", report.promptTokens(),
                    report.completionTokens());
            if (report.fullHistoryPromptTokens() >= 0) {
                out.printf(Locale.ROOT, "; re-reading each user's recent history instead would take %,d prompt tokens "
                        + "for all %,d refreshes", report.fullHistoryPromptTokens(), report.prompts());
            }
            out.println();
        }
        out.println("train with --knowledge-types user-stream after knowledge encode");
    }

    private long until() {
        if (until == null) {
            return Long.MAX_VALUE;
        }
        try {
            return LocalDate.parse(until).atStartOfDay(ZoneOffset.UTC).toEpochSecond();
        } catch (DateTimeParseException notADay) {
            try {
                return Instant.parse(until).getEpochSecond();
            } catch (DateTimeParseException notAnInstant) {
                throw new BadInputException("--until", 0, null, "expected a day (1998-01-01) or an instant "
                        + "(1998-01-01T12:00:00Z), got '" + until + "'");
            }
        }
    }
}
