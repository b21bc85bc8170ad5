package org.recllm.llm.model;

/**
 * The keys and values of one sequence, per layer, for positions [0, length). Capacity is fixed at creation (no
 * allocation while generating); {@link #truncate} rolls the sequence back, e.g. after rejected speculative tokens.
 *
 * <p>Layout per layer: dimension-major, position-minor — component d of KV head g at position t is at
 * {@code (g · headDim + d) · capacity + t}. Attention then runs along positions, a vector of them at a time, which
 * keeps the vector lanes full however narrow the heads are (stories260K's are 8 wide).
 */
public final class KvCache {
    private final float[][] keys;
    private final float[][] values;
    private final int capacity;
    private final int kvDim;
    private int length;

    public KvCache(ModelConfig config, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("a KV cache needs room for at least one position, got " + capacity);
        }
        this.capacity = capacity;
        this.kvDim = config.kvDim();
        this.keys = new float[config.layers()][capacity * kvDim];
        this.values = new float[config.layers()][capacity * kvDim];
    }

    public int length() {
        return length;
    }

    public int capacity() {
        return capacity;
    }

    /** Forgets positions ≥ {@code position}. */
    public void truncate(int position) {
        if (position < 0 || position > length) {
            throw new IllegalArgumentException("cannot truncate a cache of length " + length + " to " + position);
        }
        length = position;
    }

    float[] keys(int layer) {
        return keys[layer];
    }

    float[] values(int layer) {
        return values[layer];
    }

    /** Where component {@code component} (0..kvDim) of position 0 lies in a layer's keys or values. */
    int row(int component) {
        return component * capacity;
    }

    /** Stores one position's key and value vectors (kvDim each, heads one after another) in {@code layer}. */
    void store(int layer, int position, float[] key, int keyOffset, float[] value, int valueOffset) {
        float[] k = keys[layer];
        float[] v = values[layer];
        for (int c = 0, at = position; c < kvDim; c++, at += capacity) {
            k[at] = key[keyOffset + c];
            v[at] = value[valueOffset + c];
        }
    }

    void extend(int count) {
        if (length + count > capacity) {
            throw new IllegalStateException("the KV cache holds " + capacity + " positions; " + (length + count) + " needed");
        }
        length += count;
    }

    /** Bytes held by keys and values. */
    public long bytes() {
        return 2L * keys.length * capacity * kvDim * Float.BYTES;
    }
}
