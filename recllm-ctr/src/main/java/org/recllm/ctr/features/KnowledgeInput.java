package org.recllm.ctr.features;

import java.util.List;
import java.util.stream.Stream;

/**
 * One kind of precomputed knowledge (e.g. item facts, user preference reasoning, a cluster's shared taste, discrete
 * codes) aligned with a vocabulary of the sample store: row i belongs to the value with id i. Frozen data, an input of
 * the model like a field; an adaptor turns it into trainable features.
 *
 * <p>Continuous knowledge ({@code codebook == 0}) holds a vector per row, zero where none exists. Discrete knowledge
 * ({@code codebook > 0}) holds per row {@code dim} codes, one per level, each stored as the row it selects in the
 * adaptor's table of code embeddings: {@code 1 + level * codebook + code}, or 0 where the entity has no code.
 *
 * @param name           the knowledge type, e.g. {@code item}, {@code user-cluster} or {@code item-codes}
 * @param field          the categorical field whose ids index the rows (the field with the item-id or user-id role)
 * @param sequenceFields sequence fields over the same vocabulary that get the knowledge per step, e.g. a history of
 *                       item ids
 * @param vectors        rows × dim, row-major
 * @param codebook       codes per level for discrete knowledge, 0 for vectors
 * @param versions       for knowledge that changes over time, which rows past the key vocabulary's replace an id's row
 *                       from when on (read by the key field only: sequence steps read base rows); null when it does not
 */
public record KnowledgeInput(String name, String field, List<String> sequenceFields, float[] vectors, int rows, int dim,
                             int codebook, KnowledgeVersions versions) {

    /** The largest code table whose row numbers a float holds exactly. */
    private static final int MAX_CODE_ROWS = 1 << 24;

    public KnowledgeInput {
        sequenceFields = List.copyOf(sequenceFields);
        if (dim < 1 || rows < 1 || (long) rows * dim != vectors.length) {
            throw new IllegalArgumentException("knowledge '" + name + "': " + vectors.length + " values do not form "
                    + rows + " rows of " + dim);
        }
        if (codebook < 0 || (long) dim * codebook + 1 > MAX_CODE_ROWS) {
            throw new IllegalArgumentException("knowledge '" + name + "': a codebook of " + codebook + " codes at " + dim
                    + " levels is outside 0.." + (MAX_CODE_ROWS - 1) / dim);
        }
        if (codebook > 0) {
            for (int i = 0; i < vectors.length; i++) {
                int level = i % dim;
                float row = vectors[i];
                if (row != 0f && (row != Math.rint(row) || row < 1 + level * codebook || row > (level + 1) * codebook)) {
                    throw new IllegalArgumentException("knowledge '" + name + "': row " + i / dim + " has " + row
                            + " at level " + level + ", expected 0 or a code row in " + (1 + level * codebook) + ".."
                            + (level + 1) * codebook);
                }
            }
        }
        if (versions != null) {
            if (versions.baseRows() > rows) {
                throw new IllegalArgumentException("knowledge '" + name + "': " + versions.baseRows()
                        + " base rows exceed its " + rows + " rows");
            }
            for (int row : versions.rows()) {
                if (row >= rows) {
                    throw new IllegalArgumentException("knowledge '" + name + "': a version points at row " + row
                            + ", past its " + rows + " rows");
                }
            }
        }
    }

    /** Continuous knowledge: one vector per row. */
    public KnowledgeInput(String name, String field, List<String> sequenceFields, float[] vectors, int rows, int dim) {
        this(name, field, sequenceFields, vectors, rows, dim, 0, null);
    }

    /** Knowledge of one vector per row, or of codes ({@code codebook > 0}), that does not change over time. */
    public KnowledgeInput(String name, String field, List<String> sequenceFields, float[] vectors, int rows, int dim,
                          int codebook) {
        this(name, field, sequenceFields, vectors, rows, dim, codebook, null);
    }

    /**
     * Continuous knowledge that changes over time: {@code vectors} holds the key vocabulary's base rows (zero where an
     * id has no knowledge before its first version) followed by the versions' rows.
     */
    public static KnowledgeInput versioned(String name, String field, List<String> sequenceFields, float[] vectors,
                                           int dim, KnowledgeVersions versions) {
        if (vectors.length % dim != 0) {
            throw new IllegalArgumentException("knowledge '" + name + "': " + vectors.length + " values are not rows of " + dim);
        }
        return new KnowledgeInput(name, field, sequenceFields, vectors, vectors.length / dim, dim, 0, versions);
    }

    /** How many ids select rows: the key vocabulary's size (all rows unless versions follow them). */
    public int keyRows() {
        return versions == null ? rows : versions.baseRows();
    }

    public boolean isVersioned() {
        return versions != null;
    }

    /**
     * Discrete knowledge: {@code codes[row * levels + level]} in {@code [0, codebook)}, or -1 where the row has no code
     * (then all its levels must be -1).
     */
    public static KnowledgeInput ofCodes(String name, String field, List<String> sequenceFields, int[] codes, int rows,
                                         int levels, int codebook) {
        if (codebook < 1 || (long) rows * levels != codes.length) {
            throw new IllegalArgumentException("knowledge '" + name + "': " + codes.length + " codes do not form " + rows
                    + " rows of " + levels + " levels of a codebook of " + codebook);
        }
        float[] stored = new float[codes.length];
        for (int i = 0; i < codes.length; i++) {
            int code = codes[i];
            if (code < -1 || code >= codebook) {
                throw new IllegalArgumentException("knowledge '" + name + "': row " + i / levels + " has code " + code
                        + " at level " + i % levels + ", expected -1..." + (codebook - 1));
            }
            stored[i] = code < 0 ? 0f : 1 + (i % levels) * codebook + code;
        }
        return new KnowledgeInput(name, field, sequenceFields, stored, rows, levels, codebook);
    }

    public boolean isDiscrete() {
        return codebook > 0;
    }

    /** The key field first, then the sequence fields: every field whose ids select rows of this knowledge. */
    public List<String> keyedFields() {
        return Stream.concat(Stream.of(field), sequenceFields.stream()).toList();
    }
}
