package org.recllm.core.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.recllm.core.tensor.Tape;
import org.recllm.core.tensor.Tensor;
import org.recllm.core.testing.GradientCheck;

/** Activations: known values and finite-difference gradients (ReLU inputs kept away from the kink). */
class ActivationGradientTest {

    @Property(tries = 15)
    void smoothActivations(@ForAll @IntRange(min = 1, max = 40) int n, @ForAll long seed) {
        GradientCheck check = new GradientCheck(seed).epsilon(1e-3);
        Tensor x = check.input(3, n);
        check.check(tape -> Activations.sigmoid(tape, x));
        check.check(tape -> Activations.tanh(tape, x));
        check.check(tape -> Activations.silu(tape, x));
        check.check(tape -> Activations.gelu(tape, x));
    }

    @Property(tries = 15)
    void reluAndLeakyRelu(@ForAll @IntRange(min = 1, max = 40) int n, @ForAll long seed) {
        GradientCheck check = new GradientCheck(seed).epsilon(1e-3);
        Tensor x = check.input(3, n);
        for (int i = 0; i < n; i++) {
            if (Math.abs(x.data()[i]) < 0.01f) {
                x.data()[i] = 0.5f;
            }
        }
        check.check(tape -> Activations.relu(tape, x));
        check.check(tape -> Activations.leakyRelu(tape, x, 0.1f));
    }

    @Test
    void knownValues() {
        Tape tape = new Tape();
        Tensor x = Tensor.constant(new float[] {-1, 0, 1, 2}, 4);
        // GELU(1) = Φ(1) = 0.841345; SiLU(1) = σ(1) = 0.731059; σ(-1) = 0.268941.
        assertEquals(0.841345f, Activations.gelu(tape, x).get(2), 1e-6f);
        assertEquals(1.954500f, Activations.gelu(tape, x).get(3), 1e-6f);
        assertEquals(0.731059f, Activations.silu(tape, x).get(2), 1e-6f);
        assertEquals(0.268941f, Activations.sigmoid(tape, x).get(0), 1e-6f);
        assertEquals(0f, Activations.relu(tape, x).get(0));
        assertEquals(0.964028f, Activations.tanh(tape, x).get(3), 1e-6f);
    }
}
