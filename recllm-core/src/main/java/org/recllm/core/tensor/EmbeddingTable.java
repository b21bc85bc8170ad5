package org.recllm.core.tensor;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A trainable [rows, dim] embedding matrix with a sparse gradient: a step only accumulates (and an optimiser only
 * updates) the rows its batch touched. Row 0 is the padding row: it stays zero and never receives a gradient.
 */
public final class EmbeddingTable {
    public static final int PADDING_ROW = 0;

    private final String name;
    private final int rows;
    private final int dim;
    private final float[] weights;
    private final int[] slotOfRow;
    private int[] touched = new int[256];
    private float[] gradRows;
    private int touchedCount;
    private boolean trainable = true;

    public EmbeddingTable(String name, int rows, int dim) {
        if (rows < 1 || dim < 1) {
            throw new IllegalArgumentException("embedding " + name + " needs at least one row and one column");
        }
        this.name = name;
        this.rows = rows;
        this.dim = dim;
        this.weights = new float[Math.multiplyExact(rows, dim)];
        this.slotOfRow = new int[rows];
        Arrays.fill(slotOfRow, -1);
        this.gradRows = new float[256 * dim];
    }

    /** Normal(0, std²) initial values (FuxiCTR's default std is 1e-4), padding row zero. */
    public EmbeddingTable initNormal(SplittableRandom random, float std) {
        for (int i = dim; i < weights.length; i++) {
            weights[i] = (float) (gaussian(random) * std);
        }
        return this;
    }

    /** Uniform(-bound, bound) initial values, padding row zero. */
    public EmbeddingTable initUniform(SplittableRandom random, float bound) {
        for (int i = dim; i < weights.length; i++) {
            weights[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
        }
        return this;
    }

    private static double gaussian(SplittableRandom random) {
        double u = 1 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    public String name() {
        return name;
    }

    public int rows() {
        return rows;
    }

    public int dim() {
        return dim;
    }

    public float[] weights() {
        return weights;
    }

    public boolean trainable() {
        return trainable;
    }

    /** Frozen tables (e.g. precomputed knowledge vectors) receive no gradient. */
    public EmbeddingTable trainable(boolean value) {
        this.trainable = value;
        return this;
    }

    /** Adds {@code scale · g[offset, offset + dim)} to row {@code row}'s gradient. */
    public void accumulate(int row, float[] g, int offset, float scale) {
        if (row == PADDING_ROW) {
            return;
        }
        int slot = slotOfRow[row];
        if (slot < 0) {
            slot = touchedCount++;
            if (slot == touched.length) {
                touched = Arrays.copyOf(touched, slot * 2);
                gradRows = Arrays.copyOf(gradRows, slot * 2 * dim);
            }
            touched[slot] = row;
            slotOfRow[row] = slot;
            Arrays.fill(gradRows, slot * dim, slot * dim + dim, 0f);
        }
        int base = slot * dim;
        for (int j = 0; j < dim; j++) {
            gradRows[base + j] += scale * g[offset + j];
        }
    }

    /** How many rows the current step touched. */
    public int touchedCount() {
        return touchedCount;
    }

    /** The row id of the i-th touched row; its gradient starts at {@code i * dim} in {@link #gradRows()}. */
    public int touchedRow(int i) {
        return touched[i];
    }

    public float[] gradRows() {
        return gradRows;
    }

    /** Forgets the step's gradient rows (after the optimiser step). */
    public void clearGrad() {
        for (int i = 0; i < touchedCount; i++) {
            slotOfRow[touched[i]] = -1;
        }
        touchedCount = 0;
    }

    public void checkRow(int row) {
        if (row < 0 || row >= rows) {
            throw new IndexOutOfBoundsException("embedding " + name + " has rows 0.." + (rows - 1) + ", got " + row);
        }
    }
}
