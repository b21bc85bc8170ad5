package org.recllm.ctr.inputs;

import java.util.List;
import org.recllm.core.nn.ParameterSet;
import org.recllm.core.ops.Elementwise;
import org.recllm.core.ops.Reductions;
import org.recllm.core.tensor.Tape;
import org.recllm.core.tensor.Tensor;
import org.recllm.ctr.features.Batch;

/**
 * The first-order (logistic regression) part of FM-family models: a weight per feature value, summed, plus a bias.
 * Knowledge, when the inputs carry it, adds a weight per knowledge type through its own one-dimensional adaptor.
 */
public final class LinearTerm {
    private final InputEmbedding weights;
    private final Tensor bias;

    public LinearTerm(ParameterSet params, String name, ModelInputs inputs) {
        this.weights = new InputEmbedding(params, name, inputs, 1, 1e-4f, List.of());
        this.bias = params.constant(name + ".bias", 0f, 1);
    }

    /** [B, 1]. */
    public Tensor apply(Tape tape, Batch batch) {
        Tensor perField = weights.fields(tape, batch);
        Tensor sum = Reductions.sum(tape, perField, 1);
        return Elementwise.add(tape, sum, bias);
    }
}
