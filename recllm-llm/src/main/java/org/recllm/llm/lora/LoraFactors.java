package org.recllm.llm.lora;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.recllm.core.nn.ParameterSet;
import org.recllm.core.ops.Dropout;
import org.recllm.core.ops.Elementwise;
import org.recllm.core.ops.MatMul;
import org.recllm.core.tensor.Tape;
import org.recllm.core.tensor.Tensor;
import org.recllm.llm.model.ModelConfig;
import org.recllm.llm.model.Projection;

/**
 * Trainable LoRA factors of a decoder's target projections, named as the adapter files name them: A [rank, in]
 * Kaiming-normal (std 1/√in) and B [out, rank] zero, so a fresh adapter leaves the base model exactly as it was.
 */
final class LoraFactors {
    private final ModelConfig model;
    private final int rank;
    /** A and B of projection p in block l at [l · 7 + p.ordinal()], null where not targeted. */
    private final Tensor[] a;
    private final Tensor[] b;

    LoraFactors(ParameterSet parameters, ModelConfig model, Set<Projection> targets, int rank) {
        this.model = model;
        this.rank = rank;
        int slots = model.layers() * Projection.values().length;
        this.a = new Tensor[slots];
        this.b = new Tensor[slots];
        for (int layer = 0; layer < model.layers(); layer++) {
            for (Projection p : Projection.values()) {
                if (targets.contains(p)) {
                    String weight = p.weightName(layer);
                    int inputs = p.inputs(model);
                    a[slot(layer, p)] = parameters.normal(weight + LoraAdapterFile.A, (float) (1 / Math.sqrt(inputs)), rank, inputs);
                    b[slot(layer, p)] = parameters.constant(weight + LoraAdapterFile.B, 0f, p.outputs(model), rank);
                }
            }
        }
    }

    /** A of the projection, null where it is not adapted. */
    Tensor down(int layer, Projection p) {
        return a[slot(layer, p)];
    }

    Tensor up(int layer, Projection p) {
        return b[slot(layer, p)];
    }

    /**
     * {@code y} plus scale · (dropout(x)·Aᵀ ⊙ gate)·Bᵀ for an adapted projection (the gate [1, rank] weighs the rank
     * dimensions, null for none), {@code y} itself for one that is not adapted.
     */
    Tensor apply(Tape tape, int layer, Projection projection, Tensor x, Tensor y, LoraConfig config, Tensor gate) {
        Tensor down = down(layer, projection);
        if (down == null) {
            return y;
        }
        Tensor reduced = MatMul.matmul(tape, Dropout.apply(tape, x, config.dropout()), down, false, true);
        if (gate != null) {
            reduced = Elementwise.mul(tape, reduced, gate);
        }
        Tensor update = MatMul.matmul(tape, reduced, up(layer, projection), false, true);
        return Elementwise.add(tape, y, Elementwise.scale(tape, update, config.scale()));
    }

    /** The factor pairs as they stand (sharing the parameters' arrays), by adapted weight name. */
    Map<String, LoraPair> pairs() {
        Map<String, LoraPair> pairs = new LinkedHashMap<>();
        for (int layer = 0; layer < model.layers(); layer++) {
            for (Projection p : Projection.values()) {
                Tensor down = down(layer, p);
                if (down != null) {
                    pairs.put(p.weightName(layer), new LoraPair(p.weightName(layer), rank, p.inputs(model),
                            p.outputs(model), down.data(), up(layer, p).data()));
                }
            }
        }
        return pairs;
    }

    private static int slot(int layer, Projection p) {
        return layer * Projection.values().length + p.ordinal();
    }
}
