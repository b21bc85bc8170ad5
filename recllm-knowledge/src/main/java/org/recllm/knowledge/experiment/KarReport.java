package org.recllm.knowledge.experiment;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.recllm.core.report.TextTable;
import org.recllm.ctr.train.MeanStd;
import org.recllm.ctr.train.SeedResult;
import org.recllm.ctr.train.TrainConfig;

/**
 * The KAR comparison: per backbone, the same seeds trained without and with knowledge. JSON fields follow the issue:
 * {@code runs[].model}, {@code without} / {@code with} holding per-seed {@code test_auc} and {@code test_logloss}
 * lists with means and standard deviations, and {@code gain_auc}; plus AUC by item popularity and by user activity
 * (how often the test row's item, or user, occurs in training; the same bucket bounds for both).
 */
public record KarReport(String protocol, String samples, String knowledge, TrainConfig train, int seeds, List<Run> runs,
                        @JsonProperty("popularity_buckets") List<String> popularityBuckets,
                        @JsonProperty("test_rows_per_bucket") int[] rowsPerBucket,
                        @JsonProperty("test_rows_per_user_bucket") int[] rowsPerUserBucket) {

    /** One side of a comparison. */
    public record Side(@JsonProperty("test_auc") double[] testAuc,
                       @JsonProperty("test_logloss") double[] testLogLoss,
                       @JsonProperty("test_auc_mean") double testAucMean,
                       @JsonProperty("test_auc_std") double testAucStd,
                       @JsonProperty("test_logloss_mean") double testLogLossMean,
                       @JsonProperty("test_logloss_std") double testLogLossStd,
                       @JsonProperty("best_epochs") int[] bestEpochs,
                       @JsonProperty("test_auc_by_popularity") double[] aucByPopularity,
                       @JsonProperty("test_auc_by_popularity_per_seed") double[][] aucByPopularityPerSeed,
                       @JsonProperty("test_auc_by_user_activity") double[] aucByUserActivity,
                       @JsonProperty("test_auc_by_user_activity_per_seed") double[][] aucByUserActivityPerSeed) {

        public static Side of(List<SeedResult> results, PopularityBreakdown items, PopularityBreakdown users) {
            double[] auc = results.stream().mapToDouble(SeedResult::testAuc).toArray();
            double[] logLoss = results.stream().mapToDouble(SeedResult::testLogLoss).toArray();
            double[][] byItem = results.stream().map(result -> items.auc(result.testScores())).toArray(double[][]::new);
            double[][] byUser = results.stream().map(result -> users.auc(result.testScores())).toArray(double[][]::new);
            return new Side(auc, logLoss, MeanStd.mean(auc), MeanStd.std(auc), MeanStd.mean(logLoss), MeanStd.std(logLoss),
                    results.stream().mapToInt(SeedResult::bestEpoch).toArray(), columnMeans(byItem), byItem,
                    columnMeans(byUser), byUser);
        }
    }

    /**
     * One backbone with and without knowledge. The gain per popularity bucket is the mean over seeds of with − without
     * on the same seed, and its spread the standard deviation of those paired differences.
     */
    public record Run(String model, Side without, Side with, @JsonProperty("gain_auc") double gainAuc,
                      @JsonProperty("gain_over_std") double gainOverStd,
                      @JsonProperty("gain_auc_by_popularity") double[] gainByPopularity,
                      @JsonProperty("gain_auc_by_popularity_std") double[] gainByPopularityStd,
                      @JsonProperty("gain_auc_by_user_activity") double[] gainByUserActivity,
                      @JsonProperty("gain_auc_by_user_activity_std") double[] gainByUserActivityStd) {

        public static Run of(String model, Side without, Side with) {
            double gain = with.testAucMean() - without.testAucMean();
            double spread = Math.max(without.testAucStd(), with.testAucStd());
            double[][] byItem = pairedGains(without.aucByPopularityPerSeed(), with.aucByPopularityPerSeed());
            double[][] byUser = pairedGains(without.aucByUserActivityPerSeed(), with.aucByUserActivityPerSeed());
            return new Run(model, without, with, gain, spread > 0 ? gain / spread : Double.NaN, byItem[0], byItem[1],
                    byUser[0], byUser[1]);
        }

        /** Per bucket, the mean and the std over seeds of with − without on the same seed. */
        private static double[][] pairedGains(double[][] without, double[][] with) {
            int buckets = without[0].length;
            double[][] gains = new double[2][buckets];
            for (int b = 0; b < buckets; b++) {
                double[] paired = MeanStd.differences(column(without, b), column(with, b));
                gains[0][b] = MeanStd.mean(paired);
                gains[1][b] = MeanStd.std(paired);
            }
            return gains;
        }
    }

    private static double[] column(double[][] rows, int column) {
        return Arrays.stream(rows).mapToDouble(row -> row[column]).toArray();
    }

    private static double[] columnMeans(double[][] rows) {
        double[] means = new double[rows[0].length];
        for (int b = 0; b < means.length; b++) {
            means[b] = MeanStd.mean(column(rows, b));
        }
        return means;
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

    /** Test AUC without → with per item-popularity bucket and model, with the paired gain ± its spread over seeds. */
    public TextTable popularityTable() {
        return bucketTable("item", rowsPerBucket, Side::aucByPopularity, Run::gainByPopularity, Run::gainByPopularityStd);
    }

    /** The same by the test row's user's training ratings: cold users first. */
    public TextTable userActivityTable() {
        return bucketTable("user", rowsPerUserBucket, Side::aucByUserActivity, Run::gainByUserActivity,
                Run::gainByUserActivityStd);
    }

    private TextTable bucketTable(String whose, int[] rows, Function<Side, double[]> auc, Function<Run, double[]> gain,
                                  Function<Run, double[]> gainStd) {
        List<String> header = new ArrayList<>(List.of("model"));
        for (int b = 0; b < popularityBuckets.size(); b++) {
            header.add(whose + " " + popularityBuckets.get(b) + " (" + rows[b] + " rows)");
        }
        TextTable table = new TextTable(header.toArray(String[]::new));
        for (Run run : runs) {
            Object[] cells = new Object[header.size()];
            cells[0] = run.model();
            for (int b = 0; b < popularityBuckets.size(); b++) {
                cells[b + 1] = String.format(Locale.ROOT, "%.4f → %.4f (%+.4f ± %.4f)", auc.apply(run.without())[b],
                        auc.apply(run.with())[b], gain.apply(run)[b], gainStd.apply(run)[b]);
            }
            table.add(cells);
        }
        return table;
    }

    private static String meanStd(double mean, double std) {
        return String.format(Locale.ROOT, "%.4f ± %.4f", mean, std);
    }
}
