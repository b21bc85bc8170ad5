package org.recllm.cli;

import java.nio.file.Path;
import java.util.List;
import org.recllm.core.io.AtomicFiles;
import org.recllm.core.report.BarChart;
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

    static void write(KarReport result, Path report, int seeds) {
        String base = baseName(report);
        AtomicFiles.writeJson(report, result);
        String markdown = "# KAR on " + result.samples() + " (" + result.protocol() + ")\n\nKnowledge: " + result.knowledge()
                + "\n\n" + result.table().markdown() + "\nTest AUC by the item's training ratings (without → with; the gain "
                + "paired by seed, ± its std over seeds):\n\n"
                + result.popularityTable().markdown();
        AtomicFiles.writeString(report.resolveSibling(base + ".md"), markdown);
        List<String> models = result.runs().stream().map(KarReport.Run::model).toList();
        BarChart.png(report.resolveSibling(base + ".png"), "Test AUC without and with knowledge (mean ± std, " + seeds
                + " seeds)", "test AUC", models, List.of(
                new BarChart.Series("without knowledge", result.runs().stream().mapToDouble(r -> r.without().testAucMean()).toArray(),
                        result.runs().stream().mapToDouble(r -> r.without().testAucStd()).toArray()),
                new BarChart.Series("with knowledge", result.runs().stream().mapToDouble(r -> r.with().testAucMean()).toArray(),
                        result.runs().stream().mapToDouble(r -> r.with().testAucStd()).toArray())));
    }
}
