package org.recllm.data.schema;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A value ↔ id mapping built from training data only. Id 0 is padding (no value), id 1 is the out-of-vocabulary id
 * that every value unseen in training maps to; known values get ids from 2 in a deterministic order (numbers
 * numerically, then text).
 */
public final class Vocabulary {
    public static final int PADDING = 0;
    public static final int OOV = 1;
    public static final int FIRST_ID = 2;

    private final String name;
    private final List<String> values;
    private final long[] counts;
    private final Map<String, Integer> ids;

    public Vocabulary(String name, List<String> values, long[] counts) {
        if (values.size() != counts.length) {
            throw new IllegalArgumentException("vocabulary " + name + ": " + values.size() + " values but " + counts.length + " counts");
        }
        this.name = name;
        this.values = List.copyOf(values);
        this.counts = counts.clone();
        this.ids = new HashMap<>(values.size() * 2);
        for (int i = 0; i < values.size(); i++) {
            if (ids.put(values.get(i), FIRST_ID + i) != null) {
                throw new IllegalArgumentException("vocabulary " + name + ": value '" + values.get(i) + "' appears twice");
            }
        }
    }

    public String name() {
        return name;
    }

    /** Number of ids including padding and OOV: the size of an embedding table for this vocabulary. */
    public int size() {
        return values.size() + FIRST_ID;
    }

    /** The id of {@code value}, or {@link #OOV} when training never saw it. */
    public int id(String value) {
        Integer id = ids.get(value);
        return id == null ? OOV : id;
    }

    /** The value of a known id; null for padding and OOV. */
    public String value(int id) {
        return id >= FIRST_ID ? values.get(id - FIRST_ID) : null;
    }

    /** How often a known id occurred in training. */
    public long count(int id) {
        return id >= FIRST_ID ? counts[id - FIRST_ID] : 0;
    }

    /** The known values in id order (id 2 first). */
    public List<String> values() {
        return values;
    }

    public long[] counts() {
        return counts.clone();
    }

    /** Counts values during the pass over training data, then freezes into a vocabulary. */
    public static final class Builder {
        private final String name;
        private final Map<String, long[]> counts = new HashMap<>();

        public Builder(String name) {
            this.name = name;
        }

        public void add(String value) {
            add(value, 1);
        }

        /** Counts {@code value} {@code count} more times: how counts made elsewhere (another process) are merged. */
        public void add(String value, long count) {
            counts.computeIfAbsent(value, v -> new long[1])[0] += count;
        }

        public Vocabulary build() {
            List<String> sorted = new ArrayList<>(counts.keySet());
            sorted.sort(VALUE_ORDER);
            long[] frequency = new long[sorted.size()];
            for (int i = 0; i < sorted.size(); i++) {
                frequency[i] = counts.get(sorted.get(i))[0];
            }
            return new Vocabulary(name, sorted, frequency);
        }
    }

    private static final Comparator<String> VALUE_ORDER = (a, b) -> {
        boolean aNumber = isInteger(a);
        boolean bNumber = isInteger(b);
        if (aNumber && bNumber) {
            return Long.compare(Long.parseLong(a), Long.parseLong(b));
        }
        if (aNumber != bNumber) {
            return aNumber ? -1 : 1;
        }
        return a.compareTo(b);
    };

    private static boolean isInteger(String value) {
        if (value.isEmpty() || value.length() > 18) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!(c >= '0' && c <= '9') && !(i == 0 && c == '-' && value.length() > 1)) {
                return false;
            }
        }
        return true;
    }
}
