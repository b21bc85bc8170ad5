package org.recllm.llm.model;

/**
 * Logits rows of a forward pass, [rows × vocabulary]. The array is reused by the next pass of the same kind (see
 * {@link Transformer}); copy what must outlive it.
 */
public final class Logits {
    private float[] data;
    private int rows;
    private final int vocabulary;

    Logits(int vocabulary, int initialRows) {
        this.vocabulary = vocabulary;
        this.data = new float[initialRows * vocabulary];
    }

    void resize(int rowCount) {
        if (data.length < rowCount * vocabulary) {
            data = new float[rowCount * vocabulary];
        }
        rows = rowCount;
    }

    public float[] data() {
        return data;
    }

    public int rows() {
        return rows;
    }

    public int vocabulary() {
        return vocabulary;
    }

    /** Offset of row {@code row} in {@link #data()}. */
    public int offset(int row) {
        if (row < 0 || row >= rows) {
            throw new IndexOutOfBoundsException("logits row " + row + " of " + rows);
        }
        return row * vocabulary;
    }

    /** A copy of one row. */
    public float[] row(int row) {
        float[] copy = new float[vocabulary];
        System.arraycopy(data, offset(row), copy, 0, vocabulary);
        return copy;
    }

    /** The index of the largest value of a row (greedy decoding; ties go to the lower id, as in llama.cpp). */
    public int argmax(int row) {
        int offset = offset(row);
        int best = 0;
        for (int i = 1; i < vocabulary; i++) {
            if (data[offset + i] > data[offset + best]) {
                best = i;
            }
        }
        return best;
    }
}
