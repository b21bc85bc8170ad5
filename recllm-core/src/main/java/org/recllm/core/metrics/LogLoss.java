package org.recllm.core.metrics;

/** Mean binary cross-entropy of predicted probabilities, clipped to [eps, 1 - eps] as scikit-learn and FuxiCTR do. */
public final class LogLoss {
    /** The clipping bound used by FuxiCTR's evaluation (scikit-learn's log_loss with eps = 1e-7). */
    public static final double DEFAULT_EPS = 1e-7;

    private LogLoss() {}

    public static double of(float[] probabilities, float[] labels) {
        return of(probabilities, labels, probabilities.length, DEFAULT_EPS);
    }

    public static double of(float[] probabilities, float[] labels, int n, double eps) {
        Auc.checkLengths(probabilities.length, labels.length, n);
        if (n == 0) {
            throw new IllegalArgumentException("log loss of zero rows is undefined");
        }
        if (!(eps > 0 && eps < 0.5)) {
            throw new IllegalArgumentException("eps must lie in (0, 0.5), got " + eps);
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double p = probabilities[i];
            if (Double.isNaN(p) || p < 0 || p > 1) {
                throw new IllegalArgumentException("probability at row " + i + " is " + p + "; expected a value in [0, 1]");
            }
            p = Math.min(Math.max(p, eps), 1 - eps);
            sum -= MetricInputs.binaryLabel(labels[i], i) == 1 ? Math.log(p) : Math.log1p(-p);
        }
        return sum / n;
    }
}
