package org.recllm.data.synth;

import java.util.SplittableRandom;

/** Draws 0..n−1 with P(k) ∝ (k + 1)^−s by inverting the cumulative distribution with a binary search. */
public final class ZipfSampler {
    private final double[] cumulative;

    public ZipfSampler(int n, double exponent) {
        cumulative = new double[n];
        double total = 0;
        for (int k = 0; k < n; k++) {
            total += Math.pow(k + 1, -exponent);
            cumulative[k] = total;
        }
        for (int k = 0; k < n; k++) {
            cumulative[k] /= total;
        }
    }

    public int sample(SplittableRandom random) {
        double u = random.nextDouble();
        int low = 0;
        int high = cumulative.length - 1;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (cumulative[mid] < u) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }
}
