package org.recllm.cli;

import java.util.Locale;

/** Mean ± sample standard deviation, as result tables print them. */
final class Stats {
    private Stats() {}

    static String meanStd(double[] values) {
        double mean = 0;
        for (double v : values) {
            mean += v / values.length;
        }
        double variance = 0;
        for (double v : values) {
            variance += (v - mean) * (v - mean);
        }
        double std = values.length > 1 ? Math.sqrt(variance / (values.length - 1)) : 0;
        return String.format(Locale.ROOT, "%.4f ± %.4f", mean, std);
    }
}
