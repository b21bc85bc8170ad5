package org.recllm.cli;

import java.nio.file.Path;
import java.util.List;
import org.recllm.core.io.AtomicFiles;
import org.recllm.core.report.BarChart;
import org.recllm.ctr.train.MeanStd;
import org.recllm.knowledge.experiment.KarReport;

/** A KAR comparison written as FILE.json, FILE.md (tables) and FILE.png (bar chart) side by side. */
final class KarOutputs {
    private KarOutputs() {}

    /** FILE for FILE.json: the name the report's siblings (.md, .png, .runs.jsonl) share. */
    static String baseName(Path report) {
        return report.getFileName().toString().replaceFirst("\\.json$", "");
    }

    /** The default run journal of a report: FILE.runs.jsonl beside FILE.json. */
    static Path journalBeside(Path report) {
        return report.resolveSibling(baseName(report) + ".runs.jsonl");
    }

    /**
     * FILE.json, FILE.md, FILE.png (the AUC gain per backbone, with − without on the same seed),
     * FILE-popularity.png (the gain by the item's training ratings) and FILE-users.png (by the user's); the charts
     * start from a gain of 0.
     */
    static void write(KarReport result, Path report) {
        String base = baseName(report);
        AtomicFiles.writeJson(report, result);
        String markdown = "# KAR on " + result.samples() + " (" + result.protocol() + ")\n\nKnowledge: " + result.knowledge()
                + "\n\nTraining: " + TrainingSummary.of(result.train()) + ", " + seedsText(result.seeds()) + "\n\n"
                + result.table().markdown() + "\nTest AUC by the item's training ratings (without → with; the gain "
                + "paired by seed, ± its std over seeds):\n\n"
                + result.popularityTable().markdown() + "\nTest AUC by the user's training ratings (cold users first):\n\n"
                + result.userActivityTable().markdown();
        AtomicFiles.writeString(report.resolveSibling(base + ".md"), markdown);
        List<String> models = result.runs().stream().map(KarReport.Run::model).toList();
        double[] gains = new double[models.size()];
        double[] spreads = new double[models.size()];
        for (int m = 0; m < models.size(); m++) {
            KarReport.Run run = result.runs().get(m);
            double[] paired = MeanStd.differences(run.without().testAuc(), run.with().testAuc());
            gains[m] = MeanStd.mean(paired);
            spreads[m] = MeanStd.std(paired);
        }
        String spread = result.seeds() > 1 ? "mean ± std of the gain paired by seed over " : "";
        BarChart.png(report.resolveSibling(base + ".png"), "Test AUC gain from knowledge\n" + spread
                + seedsText(result.seeds()), "AUC with − without", models,
                List.of(new BarChart.Series("gain", gains, spreads)), 0);
        List<BarChart.Series> byModel = result.runs().stream().map(run -> new BarChart.Series(run.model(),
                run.gainByPopularity(), run.gainByPopularityStd())).toList();
        BarChart.png(report.resolveSibling(base + "-popularity.png"), "Test AUC gain by the item's training ratings\n"
                + spread + seedsText(result.seeds()), "AUC with − without", result.popularityBuckets(), byModel, 0);
        List<BarChart.Series> byUser = result.runs().stream().map(run -> new BarChart.Series(run.model(),
                run.gainByUserActivity(), run.gainByUserActivityStd())).toList();
        BarChart.png(report.resolveSibling(base + "-users.png"), "Test AUC gain by the user's training ratings\n"
                + spread + seedsText(result.seeds()), "AUC with − without", result.popularityBuckets(), byUser, 0);
    }

    /** An experiment's tables on the terminal, and where its files went. */
    static void print(java.io.PrintWriter out, Path report, org.recllm.core.report.TextTable... tables) {
        for (int t = 0; t < tables.length; t++) {
            if (t > 0) {
                out.println();
            }
            out.print(tables[t].render());
        }
        String base = baseName(report);
        out.println("\nwritten: " + report + ", " + base + ".md, " + base + ".png");
    }

    private static String seedsText(int seeds) {
        return seeds == 1 ? "1 seed" : seeds + " seeds";
    }
}
