package org.recllm.ctr.layers;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.recllm.core.nn.ParameterSet;
import org.recllm.core.ops.Embeddings;
import org.recllm.core.ops.MatMul;
import org.recllm.core.ops.SequencePooling;
import org.recllm.core.tensor.EmbeddingTable;
import org.recllm.core.tensor.Tape;
import org.recllm.core.tensor.Tensor;
import org.recllm.ctr.features.Batch;
import org.recllm.ctr.features.FeatureLayout;
import org.recllm.ctr.features.FieldInput;
import org.recllm.data.schema.FieldKind;

/**
 * FuxiCTR's feature embedding: one table per vocabulary (shared by the fields that use it), each field turned into
 * one vector — a lookup for categorical fields, the mean for multi-hot fields, the masked mean of a behaviour
 * sequence, value × a learnt vector for numeric fields — stacked as [B, F, D]. Knowledge vectors are not its
 * concern: {@code org.recllm.ctr.inputs.InputEmbedding} adds them as further fields.
 */
public final class FeatureEmbedding {
    private final int dim;
    private final List<FieldInput> fields;
    private final Map<String, EmbeddingTable> tables = new LinkedHashMap<>();
    private final Map<String, Tensor> numericVectors = new LinkedHashMap<>();
    private final FeatureLayout layout;

    /**
     * @param exclude fields left out of {@link #fields} (a model that treats them itself, e.g. DIN's sequences);
     *                their tables still exist for {@link #field} and {@link #sequence}
     */
    public FeatureEmbedding(ParameterSet params, String name, FeatureLayout layout, int dim, float initStd,
                            Collection<String> exclude) {
        this.dim = dim;
        this.layout = layout;
        this.fields = layout.fields().stream().filter(f -> !exclude.contains(f.name())).toList();
        for (FieldInput field : layout.fields()) {
            if (field.table() == null) {
                numericVectors.put(field.name(), params.normal(name + "." + field.name(), initStd, 1, dim));
            } else if (!tables.containsKey(field.table())) {
                tables.put(field.table(), params.embedding(name + "." + field.table(), field.vocabSize(), dim, initStd));
            }
        }
    }

    public int dim() {
        return dim;
    }

    /** How many fields {@link #fields} stacks. */
    public int fieldCount() {
        return fields.size();
    }

    /** Every field's vector, each [B, D], in layout order. */
    public List<Tensor> fields(Tape tape, Batch batch) {
        List<Tensor> parts = new ArrayList<>(fields.size());
        for (FieldInput field : fields) {
            parts.add(field(tape, batch, field.name()));
        }
        return parts;
    }

    /** One field's vector per row, [B, D]. */
    public Tensor field(Tape tape, Batch batch, String name) {
        FieldInput field = layout.field(name);
        int rows = batch.size();
        return switch (field.kind()) {
            case CATEGORICAL -> Embeddings.lookup(tape, tables.get(field.table()), batch.ids(name), rows);
            case MULTI_HOT -> Embeddings.pooled(tape, tables.get(field.table()), batch.ids(name), rows, field.width(),
                    Embeddings.Pooling.MEAN);
            case SEQUENCE -> SequencePooling.mean(tape, sequence(tape, batch, name), batch.mask(field.group()));
            case NUMERIC -> MatMul.matmul(tape, Tensor.constant(batch.numbers(name), rows, 1), numericVectors.get(name),
                    false, false);
        };
    }

    /** A sequence field's embeddings per step, [B, T, D] (zero at padding). */
    public Tensor sequence(Tape tape, Batch batch, String name) {
        FieldInput field = layout.field(name);
        if (field.kind() != FieldKind.SEQUENCE) {
            throw new IllegalArgumentException(name + " is not a sequence field");
        }
        int rows = batch.size();
        return Embeddings.lookup(tape, tables.get(field.table()), batch.ids(name), rows * field.width())
                .view(rows, field.width(), dim);
    }
}
