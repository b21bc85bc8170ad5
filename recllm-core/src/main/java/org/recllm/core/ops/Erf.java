package org.recllm.core.ops;

/** The error function to float precision (Abramowitz–Stegun 7.1.26 is too coarse for gradient checks). */
final class Erf {
    private Erf() {}

    /** erf(x) via the complementary function's Chebyshev fit (Numerical Recipes erfc), relative error below 1.2e-7. */
    static double erf(double x) {
        double z = Math.abs(x);
        double t = 1 / (1 + 0.5 * z);
        double erfc = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? 1 - erfc : erfc - 1;
    }
}
