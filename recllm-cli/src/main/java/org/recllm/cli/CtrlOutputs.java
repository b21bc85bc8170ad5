package org.recllm.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.recllm.core.io.AtomicFiles;
import org.recllm.core.report.BarChart;
import org.recllm.ctr.train.MeanStd;
import org.recllm.knowledge.experiment.CtrlReport;

/** A CTRL comparison written as FILE.json, FILE.md (tables) and FILE.png (each arm's AUC gain over plain). */
final class CtrlOutputs {
    private CtrlOutputs() {}

    static void write(CtrlReport result, Path report) {
        String base = KarOutputs.baseName(report);
        AtomicFiles.writeJson(report, result);
        String markdown = "# CTRL on " + result.samples() + " (" + result.protocol() + ")\n\nAlignment: " + result.alignment()
                + (result.knowledge() == null ? "" : "\n\nKnowledge (KAR arms): " + result.knowledge())
                + "\n\nTraining: " + TrainingSummary.of(result.train()) + ", " + result.seeds() + " seed(s)\n\n"
                + result.table().markdown() + "\nTest AUC by the item's training ratings (the first bucket holds the cold "
                + "items), mean over seeds:\n\n" + result.popularityTable().markdown();
        AtomicFiles.writeString(report.resolveSibling(base + ".md"), markdown);
        List<String> models = result.runs().stream().map(CtrlReport.Run::model).toList();
        List<String> arms = result.runs().getFirst().arms().stream().map(CtrlReport.Arm::name).skip(1).toList();
        List<BarChart.Series> series = new ArrayList<>();
        for (int a = 0; a < arms.size(); a++) {
            double[] gains = new double[models.size()];
            double[] spreads = new double[models.size()];
            for (int m = 0; m < models.size(); m++) {
                CtrlReport.Run run = result.runs().get(m);
                double[] paired = MeanStd.differences(run.comparison().without().testAuc(),
                        run.arms().get(a + 1).side().testAuc());
                gains[m] = MeanStd.mean(paired);
                spreads[m] = MeanStd.std(paired);
            }
            series.add(new BarChart.Series(arms.get(a), gains, spreads));
        }
        BarChart.png(report.resolveSibling(base + ".png"), "Test AUC gain over the plain backbone\nmean ± std paired by seed over "
                + result.seeds() + " seed(s)", "AUC − plain AUC", models, series, 0);
    }
}
