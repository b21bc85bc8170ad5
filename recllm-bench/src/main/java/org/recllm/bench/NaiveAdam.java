package org.recllm.bench;

/**
 * Dense Adam over every parameter of a table, as a dense framework steps an embedding whose gradient it keeps dense:
 * every row's moments decay and every row moves each step, touched or not. Same update formula as
 * {@code Optimizer}'s Adam (L2 decay off), with the global step count for bias correction.
 */
final class NaiveAdam {
    private final float beta1;
    private final float beta2;
    private final float epsilon;
    private final float[] m;
    private final float[] v;
    private long steps;

    NaiveAdam(int size, float beta1, float beta2, float epsilon) {
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.m = new float[size];
        this.v = new float[size];
    }

    void step(float[] w, float[] g, float lr) {
        steps++;
        float c1 = (float) (1 - Math.pow(beta1, steps));
        float sqrtC2 = (float) Math.sqrt(1 - Math.pow(beta2, steps));
        float step = lr / c1;
        for (int p = 0; p < w.length; p++) {
            float grad = g[p];
            m[p] = beta1 * m[p] + (1 - beta1) * grad;
            v[p] = beta2 * v[p] + (1 - beta2) * grad * grad;
            w[p] -= step * m[p] / ((float) Math.sqrt(v[p]) / sqrtC2 + epsilon);
        }
    }
}
