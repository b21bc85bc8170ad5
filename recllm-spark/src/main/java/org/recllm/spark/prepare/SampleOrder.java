package org.recllm.spark.prepare;

import java.io.Serializable;

/**
 * Where a sample goes in the store: its split, then the order the local protocol lists the split in (time, then two
 * tie-breakers), so that sorting by it gives the rows of {@code data prepare} in the same order.
 */
record SampleOrder(int split, long time, int first, int second) implements Comparable<SampleOrder>, Serializable {
    @Override
    public int compareTo(SampleOrder other) {
        int c = Integer.compare(split, other.split);
        if (c == 0) {
            c = Long.compare(time, other.time);
        }
        if (c == 0) {
            c = Integer.compare(first, other.first);
        }
        return c != 0 ? c : Integer.compare(second, other.second);
    }
}
