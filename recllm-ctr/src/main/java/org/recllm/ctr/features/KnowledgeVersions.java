package org.recllm.ctr.features;

import java.util.Arrays;

/**
 * Knowledge that changes over time: for each entity, by its raw dataset id (so an entity outside the training
 * vocabulary, a new user say, still gets its versions), the versions that replace its base row, each available from a
 * time on (the end of the window whose behaviour it was made from). A sample at time {@code t} reads the newest version
 * available at {@code t}, or its vocabulary id's base row when none is; a request served now reads the newest. So
 * training and evaluation never see knowledge made from behaviour after the sample.
 *
 * <p>Compressed rows: the versions of entity {@code keys[k]} are {@code [offsets[k], offsets[k + 1])}, by ascending
 * {@code availableFrom}; {@code rows[j]} is the knowledge row of version {@code j}, past the {@code baseRows}.
 *
 * @param baseRows      the key vocabulary's size: rows below it are base rows, selected by vocabulary id
 * @param keyColumn     the sample column holding each row's raw entity id (e.g. {@code meta_user})
 * @param keys          the raw ids of the entities with versions, ascending
 * @param availableFrom in the samples' time unit (seconds since the epoch for the datasets here)
 */
public record KnowledgeVersions(int baseRows, String keyColumn, long[] keys, int[] offsets, long[] availableFrom,
                                int[] rows) {

    /** The time of a request served now: it reads every entity's newest version. */
    public static final long NOW = Long.MAX_VALUE;
    /** The raw id of a row whose entity is not known (it reads its base row). */
    public static final long UNKNOWN_KEY = Long.MIN_VALUE;

    public KnowledgeVersions {
        if (baseRows < 1 || keyColumn == null || keyColumn.isBlank()) {
            throw new IllegalArgumentException("versions need base rows and the column of raw ids");
        }
        if (offsets.length != keys.length + 1 || offsets[0] != 0 || offsets[keys.length] != availableFrom.length
                || availableFrom.length != rows.length) {
            throw new IllegalArgumentException("versions: " + offsets.length + " offsets, " + availableFrom.length
                    + " times and " + rows.length + " rows do not form compressed rows over " + keys.length + " entities");
        }
        for (int k = 0; k < keys.length; k++) {
            if (k > 0 && keys[k] <= keys[k - 1]) {
                throw new IllegalArgumentException("versions: entity ids must ascend without repeats, got " + keys[k - 1]
                        + " then " + keys[k]);
            }
            if (offsets[k] > offsets[k + 1]) {
                throw new IllegalArgumentException("versions: offsets decrease at entity " + keys[k]);
            }
            for (int j = offsets[k]; j < offsets[k + 1]; j++) {
                if (rows[j] < baseRows) {
                    throw new IllegalArgumentException("versions: version " + j + " of entity " + keys[k]
                            + " points at row " + rows[j] + ", a base row (below " + baseRows + ")");
                }
                if (j > offsets[k] && availableFrom[j] < availableFrom[j - 1]) {
                    throw new IllegalArgumentException("versions of entity " + keys[k] + " are not by ascending time");
                }
            }
        }
    }

    /**
     * The row a sample reads: the newest version of entity {@code key} available at {@code time}, else
     * {@code baseRow} (its vocabulary id).
     */
    public int row(int baseRow, long key, long time) {
        int k = Arrays.binarySearch(keys, key);
        if (k < 0) {
            return baseRow;
        }
        int low = offsets[k];
        int high = offsets[k + 1] - 1;
        int found = -1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            if (availableFrom[mid] <= time) {
                found = mid;
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        return found < 0 ? baseRow : rows[found];
    }

    /** A hash of the whole index, for fingerprints of what a model was given. */
    public int contentHash() {
        int hash = 31 * baseRows + keyColumn.hashCode();
        hash = 31 * hash + Arrays.hashCode(keys);
        hash = 31 * hash + Arrays.hashCode(offsets);
        hash = 31 * hash + Arrays.hashCode(availableFrom);
        return 31 * hash + Arrays.hashCode(rows);
    }
}
