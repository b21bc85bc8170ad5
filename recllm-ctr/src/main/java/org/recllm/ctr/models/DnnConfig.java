package org.recllm.ctr.models;

import java.util.List;
import org.recllm.core.nn.ParameterSet;
import org.recllm.ctr.layers.Activation;
import org.recllm.ctr.layers.Mlp;

/** A deep tower's settings: hidden sizes, activation, dropout and batch norm (FuxiCTR: [400, 400, 400], ReLU). */
public record DnnConfig(List<Integer> hidden, Activation activation, float dropout, boolean batchNorm) {
    public DnnConfig {
        hidden = List.copyOf(hidden);
    }

    public static DnnConfig defaults() {
        return new DnnConfig(List.of(400, 400, 400), Activation.RELU, 0.2f, false);
    }

    /** The tower over {@code input} values, ending in {@code output} linear units (0: none, the last hidden layer). */
    Mlp build(ParameterSet params, String name, int input, int output) {
        return new Mlp(params, name, input, hidden, activation, dropout, batchNorm, output);
    }
}
