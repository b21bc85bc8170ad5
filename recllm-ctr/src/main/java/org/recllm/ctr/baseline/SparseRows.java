package org.recllm.ctr.baseline;

import org.recllm.data.schema.FieldKind;
import org.recllm.data.schema.FieldSpec;
import org.recllm.data.schema.Schema;
import org.recllm.data.schema.Vocabulary;
import org.recllm.data.store.SampleStore;
import org.recllm.data.store.SplitView;

/**
 * A split as one-hot rows for a linear model: per row a fixed number of weight indices (one per categorical field,
 * up to {@code width} per multi-hot field, -1 for padding) into a single weight vector where each field's
 * vocabulary occupies its own range. Sequences are left out: a linear model cannot use them.
 */
final class SparseRows {
    final int rows;
    final int slots;
    final int[] indices;
    final float[] labels;
    final int dimension;

    private SparseRows(int rows, int slots, int[] indices, float[] labels, int dimension) {
        this.rows = rows;
        this.slots = slots;
        this.indices = indices;
        this.labels = labels;
        this.dimension = dimension;
    }

    static SparseRows of(SampleStore store, SplitView split) {
        Schema schema = store.schema();
        var fields = schema.fields().stream()
                .filter(f -> f.kind() == FieldKind.CATEGORICAL || f.kind() == FieldKind.MULTI_HOT).toList();
        int slots = fields.stream().mapToInt(FieldSpec::width).sum();
        int[] offsets = new int[fields.size()];
        int dimension = 0;
        for (int f = 0; f < fields.size(); f++) {
            offsets[f] = dimension;
            dimension += store.vocabulary(fields.get(f).vocabulary()).size();
        }
        int rows = split.rows();
        int[] indices = new int[rows * slots];
        int slot = 0;
        for (int f = 0; f < fields.size(); f++) {
            FieldSpec field = fields.get(f);
            var column = split.ints(field.name());
            for (int row = 0; row < rows; row++) {
                for (int j = 0; j < field.width(); j++) {
                    int id = column.get(row, j);
                    indices[row * slots + slot + j] = id == Vocabulary.PADDING ? -1 : offsets[f] + id;
                }
            }
            slot += field.width();
        }
        return new SparseRows(rows, slots, indices, split.labels().toArray(), dimension);
    }
}
