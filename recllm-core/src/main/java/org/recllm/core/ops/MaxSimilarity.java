package org.recllm.core.ops;

import org.recllm.core.kernels.MaxProducts;
import org.recllm.core.kernels.VectorMath;
import org.recllm.core.parallel.Parallel;
import org.recllm.core.tensor.Tape;
import org.recllm.core.tensor.Tensor;

/**
 * Late interaction (ColBERT's MaxSim, CTRL's fine-grained alignment): for each set of keys and each query of the same
 * group, the largest dot product between the query and any valid key of the set. Computed without materialising every
 * key–query product, so the memory is that of the result; the gradient flows through the winning key of each output
 * alone.
 */
public final class MaxSimilarity {
    private MaxSimilarity() {}

    /**
     * @param keys    [groups, sets, keysPerSet, d]
     * @param queries [groups, queriesPerGroup, d]
     * @param valid   one 0/1 value per key ({@code groups · sets · keysPerSet}); null: all keys are valid
     * @return [groups, sets, queriesPerGroup]: entry (g, s, q) = max over valid keys k of set s of keys[g, s, k] · queries[g, q];
     *         0 for a set without valid keys
     */
    public static Tensor apply(Tape tape, Tensor keys, Tensor queries, float[] valid) {
        if (keys.rank() != 4 || queries.rank() != 3 || keys.dim(0) != queries.dim(0) || keys.dim(3) != queries.dim(2)) {
            throw new IllegalArgumentException("max-similarity needs keys [G, S, K, d] and queries [G, Q, d], got " + keys
                    + " and " + queries);
        }
        int groups = keys.dim(0);
        int sets = keys.dim(1);
        int perSet = keys.dim(2);
        int d = keys.dim(3);
        int q = queries.dim(1);
        if (valid != null && valid.length < groups * sets * perSet) {
            throw new IllegalArgumentException("the key mask has " + valid.length + " values, " + groups * sets * perSet + " needed");
        }
        Tensor y = tape.result(Tape.anyRequiresGrad(keys, queries), groups, sets, q);
        int[] winner = tape.workspace().takeInts(groups * sets * q);
        float[] transposed = tape.workspace().take(groups * d * q);
        float[] kd = keys.data();
        float[] qd = queries.data();
        float[] yd = y.data();
        Parallel.forRange(groups, 1, (from, to) -> {
            for (int g = from; g < to; g++) {
                int qT = g * d * q;
                for (int i = 0; i < q; i++) {
                    for (int k = 0; k < d; k++) {
                        transposed[qT + k * q + i] = qd[(g * q + i) * d + k];
                    }
                }
                for (int s = 0; s < sets; s++) {
                    MaxProducts.run(kd, (g * sets + s) * perSet, perSet, d, valid, transposed, qT, q, yd, winner,
                            (g * sets + s) * q);
                }
            }
        });
        if (y.requiresGrad()) {
            tape.record(() -> Parallel.forRange(groups, 1, (from, to) -> {
                float[] gy = y.grad();
                for (int g = from; g < to; g++) {
                    for (int s = 0; s < sets; s++) {
                        int out = (g * sets + s) * q;
                        for (int i = 0; i < q; i++) {
                            int key = winner[out + i];
                            float grad = gy[out + i];
                            if (key < 0 || grad == 0f) {
                                continue;
                            }
                            int query = (g * q + i) * d;
                            if (keys.requiresGrad()) {
                                VectorMath.axpy(grad, qd, query, keys.grad(), key * d, d);
                            }
                            if (queries.requiresGrad()) {
                                VectorMath.axpy(grad, kd, key * d, queries.grad(), query, d);
                            }
                        }
                    }
                }
            }));
        }
        return y;
    }
}
