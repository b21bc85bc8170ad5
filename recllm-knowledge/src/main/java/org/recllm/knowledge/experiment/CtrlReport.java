package org.recllm.knowledge.experiment;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.recllm.core.report.TextTable;
import org.recllm.ctr.train.MeanStd;
import org.recllm.ctr.train.TrainConfig;

/**
 * The CTRL comparison, per backbone on the same seeds: plain, CTRL (stage-1 alignment, then the same supervised
 * training), and with knowledge KAR and KAR + CTRL. The JSON keeps the shape of the KAR report — {@code runs[].model},
 * {@code runs[].without} (plain), {@code runs[].with} (CTRL), {@code gain_auc} — with {@code kar} and {@code kar_ctrl}
 * beside them when a knowledge store was given.
 */
public record CtrlReport(String protocol, String samples, String alignment, String knowledge, TrainConfig train, int seeds,
                         List<Run> runs, @JsonProperty("popularity_buckets") List<String> popularityBuckets,
                         @JsonProperty("test_rows_per_bucket") int[] rowsPerBucket) {

    /** One backbone: plain vs CTRL as in the KAR report, and the knowledge arms (null without knowledge). */
    public record Run(@JsonUnwrapped KarReport.Run comparison, KarReport.Side kar,
                      @JsonProperty("kar_ctrl") KarReport.Side karCtrl) {

        public String model() {
            return comparison.model();
        }

        /** The arms present, labelled, in table order. */
        public List<Arm> arms() {
            List<Arm> arms = new ArrayList<>(List.of(new Arm("plain", comparison.without()), new Arm("CTRL", comparison.with())));
            if (kar != null) {
                arms.add(new Arm("KAR", kar));
                arms.add(new Arm("KAR + CTRL", karCtrl));
            }
            return arms;
        }
    }

    public record Arm(String name, KarReport.Side side) {}

    public boolean hasKnowledge() {
        return !runs.isEmpty() && runs.getFirst().kar() != null;
    }

    /** Test AUC and LogLoss per backbone and arm, with each arm's gain over plain paired by seed. */
    public TextTable table() {
        TextTable table = new TextTable("model", "arm", "test AUC", "gain over plain (paired)", "test LogLoss", "best epochs");
        for (Run run : runs) {
            KarReport.Side plain = run.comparison().without();
            for (Arm arm : run.arms()) {
                double[] paired = MeanStd.differences(plain.testAuc(), arm.side().testAuc());
                table.add(run.model(), arm.name(), meanStd(arm.side().testAucMean(), arm.side().testAucStd()),
                        arm.side() == plain ? "" : String.format(Locale.ROOT, "%+.4f ± %.4f", MeanStd.mean(paired), MeanStd.std(paired)),
                        meanStd(arm.side().testLogLossMean(), arm.side().testLogLossStd()),
                        java.util.Arrays.toString(arm.side().bestEpochs()));
            }
        }
        return table;
    }

    /** Test AUC per item-popularity bucket (the first bucket is the cold items), per backbone and arm. */
    public TextTable popularityTable() {
        List<String> header = new ArrayList<>(List.of("model", "arm"));
        for (int b = 0; b < popularityBuckets.size(); b++) {
            header.add(popularityBuckets.get(b) + " (" + rowsPerBucket[b] + " rows)");
        }
        TextTable table = new TextTable(header.toArray(String[]::new));
        for (Run run : runs) {
            for (Arm arm : run.arms()) {
                Object[] cells = new Object[header.size()];
                cells[0] = run.model();
                cells[1] = arm.name();
                for (int b = 0; b < popularityBuckets.size(); b++) {
                    cells[b + 2] = String.format(Locale.ROOT, "%.4f", arm.side().aucByPopularity()[b]);
                }
                table.add(cells);
            }
        }
        return table;
    }

    private static String meanStd(double mean, double std) {
        return String.format(Locale.ROOT, "%.4f ± %.4f", mean, std);
    }
}
