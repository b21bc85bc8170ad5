package org.recllm.core.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * For one set of keys and a block of queries: each query's largest product with any valid key, and which key gave it.
 * Queries lie transposed ({@code [d, q]}), so one vector of products is a chain of fused multiply-adds of a broadcast
 * key element with a row of queries, kept in a register from the first element to the comparison with the best so far.
 */
public final class MaxProducts {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int VL = S.length();

    private MaxProducts() {}

    /**
     * @param keys       key {@code firstKey + k} at {@code keys[(firstKey + k)·d …]}
     * @param valid      0/1 per key at {@code valid[firstKey + k]}, or null
     * @param transposed queries as {@code [d, q]} from {@code queriesAt}
     * @param best       receives each query's largest product (0 when no key is valid), from {@code outAt}
     * @param winner     receives the index of the key that gave it ({@code firstKey + k}; −1 when none is valid)
     */
    public static void run(float[] keys, int firstKey, int keyCount, int d, float[] valid, float[] transposed, int queriesAt,
                           int q, float[] best, int[] winner, int outAt) {
        int i = 0;
        for (; i + VL <= q; i += VL) {
            FloatVector top = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
            FloatVector from = FloatVector.broadcast(S, -1f);
            for (int k = 0; k < keyCount; k++) {
                int key = firstKey + k;
                if (valid != null && valid[key] == 0f) {
                    continue;
                }
                FloatVector products = FloatVector.zero(S);
                int row = key * d;
                for (int j = 0; j < d; j++) {
                    products = FloatVector.fromArray(S, transposed, queriesAt + j * q + i)
                            .fma(FloatVector.broadcast(S, keys[row + j]), products);
                }
                VectorMask<Float> better = products.compare(VectorOperators.GT, top);
                top = top.blend(products, better);
                from = from.blend(FloatVector.broadcast(S, key), better);
            }
            VectorMask<Float> none = from.compare(VectorOperators.LT, 0f);
            top.blend(0f, none).intoArray(best, outAt + i);
            for (int lane = 0; lane < VL; lane++) {
                winner[outAt + i + lane] = (int) from.lane(lane);
            }
        }
        for (; i < q; i++) {
            float top = 0f;
            int from = -1;
            for (int k = 0; k < keyCount; k++) {
                int key = firstKey + k;
                if (valid != null && valid[key] == 0f) {
                    continue;
                }
                float product = 0f;
                for (int j = 0; j < d; j++) {
                    product += keys[key * d + j] * transposed[queriesAt + j * q + i];
                }
                if (from < 0 || product > top) {
                    top = product;
                    from = key;
                }
            }
            best[outAt + i] = top;
            winner[outAt + i] = from;
        }
    }
}
