package org.recllm.core.optim;

import java.util.Arrays;

/**
 * Adam's bias corrections 1 − β^t, tabulated by step count: a lazy sparse update needs them for every touched row
 * at that row's own step count, and two {@code Math.pow} calls per row cost more than the row's arithmetic. Each entry
 * is computed on its own with {@link StrictMath#pow}, not as a running product: the tables then hold the same values
 * whatever steps they grew from, so a run resumed from a checkpoint updates bit for bit as an uninterrupted one.
 */
final class BiasCorrections {
    private final double beta1;
    private final double beta2;
    private float[] first = new float[0];
    private float[] second = new float[0];

    BiasCorrections(float beta1, float beta2) {
        this.beta1 = beta1;
        this.beta2 = beta2;
    }

    /** 1 − β1^t. */
    float first(long t) {
        ensure(t);
        return t < first.length ? first[(int) t] : (float) (1 - StrictMath.pow(beta1, t));
    }

    /** 1 − β2^t. */
    float second(long t) {
        ensure(t);
        return t < second.length ? second[(int) t] : (float) (1 - StrictMath.pow(beta2, t));
    }

    /** Tables grow to the largest step count seen, capped: beyond it the corrections are 1 to float precision anyway. */
    private void ensure(long t) {
        if (t < first.length || first.length >= 1 << 20) {
            return;
        }
        int size = (int) Math.min(1 << 20, Math.max(t + 1, first.length * 2L));
        int from = first.length;
        first = Arrays.copyOf(first, size);
        second = Arrays.copyOf(second, size);
        for (int i = from; i < size; i++) {
            first[i] = (float) (1 - StrictMath.pow(beta1, i));
            second[i] = (float) (1 - StrictMath.pow(beta2, i));
        }
    }
}
