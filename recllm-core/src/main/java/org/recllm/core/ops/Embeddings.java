package org.recllm.core.ops;

import org.recllm.core.tensor.EmbeddingTable;
import org.recllm.core.tensor.Tape;
import org.recllm.core.tensor.Tensor;

/** Embedding lookups: one row per id, or the sum/mean of a multi-hot set of ids; id 0 is padding (a zero vector). */
public final class Embeddings {
    private Embeddings() {}

    /** How a multi-hot set of rows becomes one vector. */
    public enum Pooling { SUM, MEAN }

    /** Rows {@code ids[0..count)} as a [count, dim] tensor. */
    public static Tensor lookup(Tape tape, EmbeddingTable table, int[] ids, int count) {
        int dim = table.dim();
        Tensor y = tape.result(table.trainable(), count, dim);
        float[] w = table.weights();
        float[] yd = y.data();
        for (int i = 0; i < count; i++) {
            int id = ids[i];
            table.checkRow(id);
            if (id == EmbeddingTable.PADDING_ROW) {
                java.util.Arrays.fill(yd, i * dim, i * dim + dim, 0f);
            } else {
                System.arraycopy(w, id * dim, yd, i * dim, dim);
            }
        }
        if (y.requiresGrad()) {
            tape.record(() -> {
                float[] gy = y.grad();
                for (int i = 0; i < count; i++) {
                    table.accumulate(ids[i], gy, i * dim, 1f);
                }
            });
        }
        return y;
    }

    /**
     * For each of {@code rows} rows, the pooled embedding of its {@code width} ids ({@code ids[row * width + j]});
     * padding ids are skipped, and a row without ids pools to zero.
     */
    public static Tensor pooled(Tape tape, EmbeddingTable table, int[] ids, int rows, int width, Pooling pooling) {
        int dim = table.dim();
        Tensor y = tape.zeroedResult(table.trainable(), rows, dim);
        float[] scales = tape.workspace().take(rows);
        float[] w = table.weights();
        float[] yd = y.data();
        for (int r = 0; r < rows; r++) {
            int present = 0;
            for (int j = 0; j < width; j++) {
                int id = ids[r * width + j];
                table.checkRow(id);
                if (id != EmbeddingTable.PADDING_ROW) {
                    present++;
                }
            }
            float scale = pooling == Pooling.MEAN && present > 0 ? 1f / present : 1f;
            scales[r] = scale;
            for (int j = 0; j < width; j++) {
                int id = ids[r * width + j];
                if (id != EmbeddingTable.PADDING_ROW) {
                    org.recllm.core.kernels.VectorMath.axpy(scale, w, id * dim, yd, r * dim, dim);
                }
            }
        }
        if (y.requiresGrad()) {
            tape.record(() -> {
                float[] gy = y.grad();
                for (int r = 0; r < rows; r++) {
                    for (int j = 0; j < width; j++) {
                        table.accumulate(ids[r * width + j], gy, r * dim, scales[r]);
                    }
                }
            });
        }
        return y;
    }
}
