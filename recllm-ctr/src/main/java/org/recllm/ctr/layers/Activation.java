package org.recllm.ctr.layers;

import org.recllm.core.ops.Activations;
import org.recllm.core.tensor.Tape;
import org.recllm.core.tensor.Tensor;

/** The hidden-layer activations a configuration may name; DICE has parameters and lives in {@link Mlp}. */
public enum Activation {
    RELU, TANH, SIGMOID, GELU, SILU, LINEAR, DICE;

    public Tensor apply(Tape tape, Tensor x) {
        return switch (this) {
            case RELU -> Activations.relu(tape, x);
            case TANH -> Activations.tanh(tape, x);
            case SIGMOID -> Activations.sigmoid(tape, x);
            case GELU -> Activations.gelu(tape, x);
            case SILU -> Activations.silu(tape, x);
            case LINEAR -> x;
            case DICE -> throw new IllegalStateException("Dice has parameters; use an Mlp or a Dice layer");
        };
    }
}
