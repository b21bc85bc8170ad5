package org.recllm.core.metrics;

import java.util.Arrays;

/** Orders rows so that rows of the same group are adjacent, keeping input order within a group. */
final class Groups {
    private Groups() {}

    static int[] orderByGroup(int[] groups) {
        long[] keyed = new long[groups.length];
        for (int i = 0; i < groups.length; i++) {
            keyed[i] = (long) groups[i] << 32 | i;
        }
        Arrays.sort(keyed);
        int[] order = new int[groups.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = (int) keyed[i];
        }
        return order;
    }
}
