package org.recllm.llm.model;

import java.util.Locale;

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
    /** The longest float[] a JVM allocates: a little under Integer.MAX_VALUE. */
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;
    private int length;

    /**
     * Room for {@code capacity} positions: 1 up to the model's context, and refused before anything is allocated when
     * the keys and values could not fit the heap (a long-context model's full cache can need tens of gigabytes).
     */
    public KvCache(ModelConfig config, int capacity) {
        if (capacity < 1 || capacity > config.contextLength()) {
            throw new IllegalArgumentException("a KV cache holds 1 to " + config.contextLength()
                    + " positions (the model's context), not " + capacity);
        }
        long perLayer = (long) capacity * config.kvDim();
        long bytes = bytes(config.layers(), perLayer);
        long heap = Runtime.getRuntime().maxMemory();
        if (bytes > heap) {
            throw new CacheTooLargeException(String.format(Locale.ROOT,
                    "a KV cache of %,d positions needs %.2f GB, more than the JVM's heap of %.2f GB", capacity, bytes / 1e9, heap / 1e9));
        }
        if (perLayer > MAX_ARRAY) {
            throw new CacheTooLargeException(String.format(Locale.ROOT,
                    "a KV cache of %,d positions needs %,d values per layer, more than a Java array holds", capacity, perLayer));
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
        return bytes(keys.length, (long) capacity * kvDim);
    }

    private static long bytes(int layers, long perLayer) {
        return 2L * layers * perLayer * Float.BYTES;
    }
}
