package org.recllm.ctr.train;

/** Mean and sample standard deviation (n − 1), as every multi-seed figure reports them. */
public final class MeanStd {
    private MeanStd() {}

    public static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return values.length == 0 ? Double.NaN : sum / values.length;
    }

    public static double std(double[] values) {
        if (values.length < 2) {
            return 0;
        }
        double mean = mean(values);
        double squares = 0;
        for (double v : values) {
            squares += (v - mean) * (v - mean);
        }
        return Math.sqrt(squares / (values.length - 1));
    }

    /** {@code after[i] − before[i]}: per-seed differences of two runs paired by seed. */
    public static double[] differences(double[] before, double[] after) {
        if (before.length != after.length) {
            throw new IllegalArgumentException("paired values differ in count: " + before.length + " and " + after.length);
        }
        double[] paired = new double[after.length];
        for (int i = 0; i < paired.length; i++) {
            paired[i] = after[i] - before[i];
        }
        return paired;
    }

    public static String format(double[] values) {
        return String.format(java.util.Locale.ROOT, "%.4f ± %.4f", mean(values), std(values));
    }
}
