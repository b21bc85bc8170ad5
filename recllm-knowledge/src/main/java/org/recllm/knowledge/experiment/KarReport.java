package org.recllm.knowledge.experiment;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.recllm.core.report.TextTable;
import org.recllm.ctr.train.MeanStd;
import org.recllm.ctr.train.SeedResult;
import org.recllm.ctr.train.TrainConfig;

/**
 * The KAR comparison: per backbone, the same seeds trained without and with knowledge. JSON fields follow the issue:
 * {@code runs[].model}, {@code without} / {@code with} holding per-seed {@code test_auc} and {@code test_logloss}
 * lists with means and standard deviations, and {@code gain_auc}; plus AUC by item popularity.
 */
public record KarReport(String protocol, String samples, String knowledge, TrainConfig train, int seeds, List<Run> runs,
                        @JsonProperty("popularity_buckets") List<String> popularityBuckets,
                        @JsonProperty("test_rows_per_bucket") int[] rowsPerBucket) {

    /** One side of a comparison. */
    public record Side(@JsonProperty("test_auc") double[] testAuc,
                       @JsonProperty("test_logloss") double[] testLogLoss,
                       @JsonProperty("test_auc_mean") double testAucMean,
                       @JsonProperty("test_auc_std") double testAucStd,
                       @JsonProperty("test_logloss_mean") double testLogLossMean,
                       @JsonProperty("test_logloss_std") double testLogLossStd,
                       @JsonProperty("best_epochs") int[] bestEpochs,
                       @JsonProperty("test_auc_by_popularity") double[] aucByPopularity,
                       @JsonProperty("test_auc_by_popularity_per_seed") double[][] aucByPopularityPerSeed) {

        public static Side of(List<SeedResult> results, PopularityBreakdown breakdown) {
            double[] auc = results.stream().mapToDouble(SeedResult::testAuc).toArray();
            double[] logLoss = results.stream().mapToDouble(SeedResult::testLogLoss).toArray();
            double[][] perSeed = results.stream().map(result -> breakdown.auc(result.testScores())).toArray(double[][]::new);
            double[] byPopularity = new double[PopularityBreakdown.BOUNDS.length + 1];
            for (int b = 0; b < byPopularity.length; b++) {
                byPopularity[b] = MeanStd.mean(column(perSeed, b));
            }
            return new Side(auc, logLoss, MeanStd.mean(auc), MeanStd.std(auc), MeanStd.mean(logLoss), MeanStd.std(logLoss),
                    results.stream().mapToInt(SeedResult::bestEpoch).toArray(), byPopularity, perSeed);
        }
    }

    /**
     * One backbone with and without knowledge. The gain per popularity bucket is the mean over seeds of with − without
     * on the same seed, and its spread the standard deviation of those paired differences.
     */
    public record Run(String model, Side without, Side with, @JsonProperty("gain_auc") double gainAuc,
                      @JsonProperty("gain_over_std") double gainOverStd,
                      @JsonProperty("gain_auc_by_popularity") double[] gainByPopularity,
                      @JsonProperty("gain_auc_by_popularity_std") double[] gainByPopularityStd) {

        public static Run of(String model, Side without, Side with) {
            double gain = with.testAucMean() - without.testAucMean();
            double spread = Math.max(without.testAucStd(), with.testAucStd());
            int buckets = without.aucByPopularity().length;
            double[] bucketGain = new double[buckets];
            double[] bucketStd = new double[buckets];
            for (int b = 0; b < buckets; b++) {
                double[] paired = MeanStd.differences(column(without.aucByPopularityPerSeed(), b),
                        column(with.aucByPopularityPerSeed(), b));
                bucketGain[b] = MeanStd.mean(paired);
                bucketStd[b] = MeanStd.std(paired);
            }
            return new Run(model, without, with, gain, spread > 0 ? gain / spread : Double.NaN, bucketGain, bucketStd);
        }
    }

    private static double[] column(double[][] rows, int column) {
        return Arrays.stream(rows).mapToDouble(row -> row[column]).toArray();
    }

    public TextTable table() {
        TextTable table = new TextTable("model", "AUC without", "AUC with", "gain", "gain / std", "LogLoss without", "LogLoss with");
        for (Run run : runs) {
            table.add(run.model(), meanStd(run.without().testAucMean(), run.without().testAucStd()),
                    meanStd(run.with().testAucMean(), run.with().testAucStd()),
                    String.format(Locale.ROOT, "%+.4f", run.gainAuc()), Double.isNaN(run.gainOverStd()) ? "n/a (1 seed)"
                            : String.format(Locale.ROOT, "%.1f", run.gainOverStd()),
                    meanStd(run.without().testLogLossMean(), run.without().testLogLossStd()),
                    meanStd(run.with().testLogLossMean(), run.with().testLogLossStd()));
        }
        return table;
    }

    /** Test AUC without → with per popularity bucket and model, with the paired gain ± its spread over seeds. */
    public TextTable popularityTable() {
        List<String> header = new ArrayList<>(List.of("model"));
        for (int b = 0; b < popularityBuckets.size(); b++) {
            header.add(popularityBuckets.get(b) + " (" + rowsPerBucket[b] + " rows)");
        }
        TextTable table = new TextTable(header.toArray(String[]::new));
        for (Run run : runs) {
            Object[] cells = new Object[header.size()];
            cells[0] = run.model();
            for (int b = 0; b < popularityBuckets.size(); b++) {
                cells[b + 1] = String.format(Locale.ROOT, "%.4f → %.4f (%+.4f ± %.4f)", run.without().aucByPopularity()[b],
                        run.with().aucByPopularity()[b], run.gainByPopularity()[b], run.gainByPopularityStd()[b]);
            }
            table.add(cells);
        }
        return table;
    }

    private static String meanStd(double mean, double std) {
        return String.format(Locale.ROOT, "%.4f ± %.4f", mean, std);
    }
}
