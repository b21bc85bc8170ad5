package org.recllm.ctr.layers;

import org.recllm.core.nn.ParameterSet;
import org.recllm.core.ops.Activations;
import org.recllm.core.ops.Elementwise;
import org.recllm.core.ops.MatMul;
import org.recllm.core.ops.Shaping;
import org.recllm.core.tensor.Tape;
import org.recllm.core.tensor.Tensor;

/**
 * A GRU cell in the DIEN paper's convention: reset r = σ(x·W_r + h·U_r), update u = σ(x·W_u + h·U_u), candidate
 * ñ = tanh(x·W_n + r ⊙ (h·U_n)), next h' = h + u ⊙ (ñ − h). An optional per-row attention score scales the update
 * gate (DIEN's AUGRU).
 */
public final class GruCell {
    private final Tensor inputWeight;
    private final Tensor inputBias;
    private final Tensor hiddenWeight;
    private final Tensor hiddenBias;
    private final int hidden;

    public GruCell(ParameterSet params, String name, int input, int hidden) {
        this.hidden = hidden;
        this.inputWeight = params.xavier(name + ".input.weight", input, 3 * hidden);
        this.inputBias = params.constant(name + ".input.bias", 0f, 3 * hidden);
        this.hiddenWeight = params.xavier(name + ".hidden.weight", hidden, 3 * hidden);
        this.hiddenBias = params.constant(name + ".hidden.bias", 0f, 3 * hidden);
    }

    public int hidden() {
        return hidden;
    }

    /**
     * @param x         [B, input]
     * @param h         [B, hidden]
     * @param attention [B, 1] scores scaling the update gate, or null for a plain GRU
     */
    public Tensor step(Tape tape, Tensor x, Tensor h, Tensor attention) {
        Tensor gi = MatMul.linear(tape, x, inputWeight, inputBias);
        Tensor gh = MatMul.linear(tape, h, hiddenWeight, hiddenBias);
        Tensor reset = Activations.sigmoid(tape, Elementwise.add(tape,
                Shaping.slice(tape, gi, 1, 0, hidden), Shaping.slice(tape, gh, 1, 0, hidden)));
        Tensor update = Activations.sigmoid(tape, Elementwise.add(tape,
                Shaping.slice(tape, gi, 1, hidden, 2 * hidden), Shaping.slice(tape, gh, 1, hidden, 2 * hidden)));
        Tensor candidate = Activations.tanh(tape, Elementwise.add(tape, Shaping.slice(tape, gi, 1, 2 * hidden, 3 * hidden),
                Elementwise.mul(tape, reset, Shaping.slice(tape, gh, 1, 2 * hidden, 3 * hidden))));
        if (attention != null) {
            update = Elementwise.mul(tape, update, attention);
        }
        return Elementwise.add(tape, h, Elementwise.mul(tape, update, Elementwise.sub(tape, candidate, h)));
    }
}
