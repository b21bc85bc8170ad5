package org.recllm.core.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.recllm.core.tensor.Tape;
import org.recllm.core.tensor.Tensor;
import org.recllm.core.testing.GradientCheck;

/** Late interaction: the value against a brute-force maximum of all products, and the gradient against finite differences. */
class MaxSimilarityGradientTest {

    @Property(tries = 15)
    void maxSimilarity(@ForAll @IntRange(min = 1, max = 2) int groups, @ForAll @IntRange(min = 1, max = 3) int sets,
                       @ForAll @IntRange(min = 1, max = 3) int keysPerSet, @ForAll @IntRange(min = 1, max = 37) int queries,
                       @ForAll long seed) {
        GradientCheck check = new GradientCheck(seed).epsilon(1e-3);
        Tensor keys = check.input(1, groups, sets, keysPerSet, 3);
        Tensor query = check.input(1, groups, queries, 3);
        float[] valid = new float[groups * sets * keysPerSet];
        for (int i = 0; i < valid.length; i++) {
            valid[i] = (i * 5 + seed) % 4 == 0 ? 0f : 1f;
        }
        // Positive queries and keys growing with their index: key k's product is at least 0.75 above key k−1's, so a
        // finite-difference step never changes which key wins.
        float[] k = keys.data();
        for (int i = 0; i < k.length; i++) {
            k[i] = (1 + (i / 3) % keysPerSet) * (0.75f + 0.25f * Math.abs(k[i]));
        }
        float[] qd = query.data();
        for (int i = 0; i < qd.length; i++) {
            qd[i] = 0.5f + 0.5f * Math.abs(qd[i]);
        }
        check.check(tape -> MaxSimilarity.apply(tape, keys, query, null));
        check.check(tape -> MaxSimilarity.apply(tape, keys, query, valid));
    }

    @Test
    void maxSimilarityEqualsTheMaximumOfAllProducts() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(4);
        // 37 queries: whole vectors of 8 or 16 lanes and a scalar tail.
        int groups = 3, sets = 4, perSet = 5, queries = 37, d = 7;
        float[] k = new float[groups * sets * perSet * d];
        float[] q = new float[groups * queries * d];
        for (int i = 0; i < k.length; i++) {
            k[i] = (float) random.nextGaussian();
        }
        for (int i = 0; i < q.length; i++) {
            q[i] = (float) random.nextGaussian();
        }
        float[] valid = new float[groups * sets * perSet];
        for (int i = 0; i < valid.length; i++) {
            valid[i] = i % 7 == 3 || i / perSet == 5 ? 0f : 1f;
        }
        Tensor result = MaxSimilarity.apply(new Tape(), Tensor.constant(k, groups, sets, perSet, d),
                Tensor.constant(q, groups, queries, d), valid);
        for (int g = 0; g < groups; g++) {
            for (int s = 0; s < sets; s++) {
                for (int i = 0; i < queries; i++) {
                    double best = Double.NEGATIVE_INFINITY;
                    for (int key = 0; key < perSet; key++) {
                        int index = (g * sets + s) * perSet + key;
                        if (valid[index] == 0f) {
                            continue;
                        }
                        double dot = 0;
                        for (int j = 0; j < d; j++) {
                            dot += k[index * d + j] * q[(g * queries + i) * d + j];
                        }
                        best = Math.max(best, dot);
                    }
                    double expected = best == Double.NEGATIVE_INFINITY ? 0 : best;
                    assertEquals(expected, result.get((g * sets + s) * queries + i), 1e-5, "g" + g + " s" + s + " q" + i);
                }
            }
        }
    }
}
