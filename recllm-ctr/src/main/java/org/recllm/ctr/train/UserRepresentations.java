package org.recllm.ctr.train;

import java.util.Arrays;

/** A frozen CTR model's user representation of chosen rows of a split: {@code values} [rows × dim], in their order. */
public record UserRepresentations(int rows, int dim, float[] values) {

    public UserRepresentations {
        if (values.length != (long) rows * dim) {
            throw new IllegalArgumentException(rows + " rows of " + dim + " values need " + (long) rows * dim
                    + " values, got " + values.length);
        }
    }

    /** The {@code row}-th chosen row's representation (a copy). */
    public float[] row(int row) {
        return Arrays.copyOfRange(values, row * dim, (row + 1) * dim);
    }
}
