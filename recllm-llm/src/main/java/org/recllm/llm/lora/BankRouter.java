package org.recllm.llm.lora;

import java.util.List;

/**
 * RecLoRA's soft router: a sequence's condition c (a frozen CTR model's user representation), standardised with the
 * training conditions' mean and deviation, gives the experts' mixing weights softmax(W · z + bias).
 *
 * @param weight [experts, inputs] row-major
 */
public record BankRouter(int experts, int inputs, float[] weight, float[] bias, float[] mean, float[] deviation) {
    /** Deviations below this are taken as 1: a constant input dimension carries no routing signal. */
    private static final float FLAT = 1e-6f;

    public BankRouter {
        if (experts < 1 || inputs < 1 || weight.length != experts * inputs || bias.length != experts
                || mean.length != inputs || deviation.length != inputs) {
            throw new IllegalArgumentException("a router of " + experts + " experts over " + inputs + " inputs needs "
                    + "weights [experts, inputs], a bias per expert and a mean and deviation per input");
        }
    }

    /** The mean and deviation ({@code [0]}, {@code [1]}) of each input dimension over {@code conditions}. */
    public static float[][] standardisation(List<float[]> conditions, int inputs) {
        if (conditions.isEmpty()) {
            throw new IllegalArgumentException("no conditions to standardise by");
        }
        double[] sum = new double[inputs];
        double[] squares = new double[inputs];
        for (float[] c : conditions) {
            requireWidth(c, inputs);
            for (int j = 0; j < inputs; j++) {
                sum[j] += c[j];
                squares[j] += (double) c[j] * c[j];
            }
        }
        float[] mean = new float[inputs];
        float[] deviation = new float[inputs];
        int n = conditions.size();
        for (int j = 0; j < inputs; j++) {
            double m = sum[j] / n;
            double sd = Math.sqrt(Math.max(0, squares[j] / n - m * m));
            mean[j] = (float) m;
            deviation[j] = sd < FLAT ? 1f : (float) sd;
        }
        return new float[][] {mean, deviation};
    }

    /** The condition standardised: (c − mean) / deviation. */
    public float[] standardised(float[] condition) {
        requireWidth(condition, inputs);
        float[] z = new float[inputs];
        for (int j = 0; j < inputs; j++) {
            z[j] = (condition[j] - mean[j]) / deviation[j];
        }
        return z;
    }

    /** The experts' weights for {@code condition} into {@code out[offset, offset + experts)}. */
    public void route(float[] condition, float[] out, int offset) {
        float[] z = standardised(condition);
        double[] logits = new double[experts];
        double max = Double.NEGATIVE_INFINITY;
        for (int e = 0; e < experts; e++) {
            double logit = bias[e];
            for (int j = 0; j < inputs; j++) {
                logit += (double) weight[e * inputs + j] * z[j];
            }
            logits[e] = logit;
            max = Math.max(max, logit);
        }
        double total = 0;
        for (int e = 0; e < experts; e++) {
            logits[e] = Math.exp(logits[e] - max);
            total += logits[e];
        }
        for (int e = 0; e < experts; e++) {
            out[offset + e] = (float) (logits[e] / total);
        }
    }

    private static void requireWidth(float[] condition, int inputs) {
        if (condition.length != inputs) {
            throw new IllegalArgumentException("a condition of " + condition.length + " values for a router over "
                    + inputs + " inputs");
        }
    }
}
