package org.recllm.ctr.layers;

import org.recllm.core.nn.ParameterSet;
import org.recllm.core.ops.DiceActivation;
import org.recllm.core.ops.Norms;
import org.recllm.core.tensor.Tape;
import org.recllm.core.tensor.Tensor;

/**
 * DIN's data-adaptive activation: p = σ(BN(x)) with batch statistics (no affine), and
 * Dice(x) = p·x + (1 − p)·α·x with a learnt α per unit.
 */
public final class Dice {
    private final Tensor alpha;
    private final Norms.BatchNormStats stats;

    public Dice(ParameterSet params, String name, int units) {
        this.alpha = params.constant(name + ".alpha", 0f, units);
        this.stats = params.batchNormStats(name + ".bn", units, 0.1f);
    }

    public Tensor apply(Tape tape, Tensor x) {
        return DiceActivation.apply(tape, x, alpha, stats, 1e-9f);
    }
}
