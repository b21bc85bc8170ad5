package org.recllm.data.dataset;

import java.io.Serializable;

/** One explicit rating: who, what, how much, when (Unix seconds). */
public record Rating(int userId, int itemId, float value, long timestamp) implements Serializable {

    /** The CTR label of every protocol: 1 when the rating is at least 4 stars. */
    public int label() {
        return value >= 4f ? 1 : 0;
    }
}
