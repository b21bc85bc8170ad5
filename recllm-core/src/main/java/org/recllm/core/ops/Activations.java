package org.recllm.core.ops;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.recllm.core.kernels.VectorMath;
import org.recllm.core.parallel.Parallel;
import org.recllm.core.tensor.Tape;
import org.recllm.core.tensor.Tensor;

/** Element-wise non-linearities and their derivatives. */
public final class Activations {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final float SQRT_HALF = (float) Math.sqrt(0.5);
    private static final float INV_SQRT_2PI = (float) (1 / Math.sqrt(2 * Math.PI));

    private Activations() {}

    /** The derivative of an activation at one element, from its input and output. */
    @FunctionalInterface
    private interface Derivative {
        float at(float x, float y);
    }

    public static Tensor relu(Tape tape, Tensor x) {
        Tensor y = tape.result(x.requiresGrad(), x.shape());
        float[] xd = x.data();
        float[] yd = y.data();
        Parallel.forRange(x.size(), Elementwise.GRAIN, (from, to) -> {
            int i = from;
            for (; i + S.length() <= to; i += S.length()) {
                FloatVector.fromArray(S, xd, i).max(0f).intoArray(yd, i);
            }
            for (; i < to; i++) {
                yd[i] = Math.max(xd[i], 0f);
            }
        });
        if (y.requiresGrad()) {
            tape.record(() -> Parallel.forRange(x.size(), Elementwise.GRAIN, (from, to) -> {
                float[] gx = x.grad();
                float[] gy = y.grad();
                int i = from;
                for (; i + S.length() <= to; i += S.length()) {
                    FloatVector g = FloatVector.fromArray(S, gy, i);
                    FloatVector positive = FloatVector.fromArray(S, xd, i);
                    FloatVector.fromArray(S, gx, i)
                            .add(g, positive.compare(VectorOperators.GT, 0f)).intoArray(gx, i);
                }
                for (; i < to; i++) {
                    if (xd[i] > 0) {
                        gx[i] += gy[i];
                    }
                }
            }));
        }
        return y;
    }

    public static Tensor leakyRelu(Tape tape, Tensor x, float slope) {
        return map(tape, x, v -> v > 0 ? v : slope * v, (in, out) -> in > 0 ? 1f : slope);
    }

    public static Tensor sigmoid(Tape tape, Tensor x) {
        Tensor y = tape.result(x.requiresGrad(), x.shape());
        float[] xd = x.data();
        float[] yd = y.data();
        Parallel.forRange(x.size(), Elementwise.GRAIN, (from, to) -> {
            int i = from;
            for (; i + S.length() <= to; i += S.length()) {
                sigmoid(FloatVector.fromArray(S, xd, i)).intoArray(yd, i);
            }
            for (; i < to; i++) {
                yd[i] = sigmoid(xd[i]);
            }
        });
        record(tape, x, y, (in, out) -> out * (1 - out));
        return y;
    }

    public static Tensor tanh(Tape tape, Tensor x) {
        return map(tape, x, v -> (float) Math.tanh(v), (in, out) -> 1 - out * out);
    }

    /**
     * SiLU (swish): x·σ(x), the Llama feed-forward gate; d/dx = σ(x)·(1 + x·(1 − σ(x))). In vectors, with the core's
     * own exponential, so a scalar tail rounds as the vectors do.
     */
    public static Tensor silu(Tape tape, Tensor x) {
        Tensor y = tape.result(x.requiresGrad(), x.shape());
        float[] xd = x.data();
        float[] yd = y.data();
        Parallel.forRange(x.size(), Elementwise.GRAIN, (from, to) -> {
            int i = from;
            for (; i + S.length() <= to; i += S.length()) {
                FloatVector v = FloatVector.fromArray(S, xd, i);
                v.div(VectorMath.exp(v.neg()).add(1f)).intoArray(yd, i);
            }
            for (; i < to; i++) {
                yd[i] = xd[i] / (VectorMath.exp(-xd[i]) + 1f);
            }
        });
        if (y.requiresGrad()) {
            tape.record(() -> Parallel.forRange(x.size(), Elementwise.GRAIN, (from, to) -> {
                float[] gx = x.grad();
                float[] gy = y.grad();
                int i = from;
                for (; i + S.length() <= to; i += S.length()) {
                    FloatVector v = FloatVector.fromArray(S, xd, i);
                    FloatVector s = sigmoid(v);
                    FloatVector slope = s.mul(v.mul(s.neg().add(1f)).add(1f));
                    FloatVector.fromArray(S, gy, i).fma(slope, FloatVector.fromArray(S, gx, i)).intoArray(gx, i);
                }
                for (; i < to; i++) {
                    float s = sigmoid(xd[i]);
                    gx[i] = Math.fma(gy[i], s * (xd[i] * (1f - s) + 1f), gx[i]);
                }
            }));
        }
        return y;
    }

    /** GELU with the exact Gaussian CDF: x·Φ(x), as PyTorch's default nn.GELU. */
    public static Tensor gelu(Tape tape, Tensor x) {
        return map(tape, x, v -> v * phi(v), (in, out) -> phi(in) + in * INV_SQRT_2PI * (float) Math.exp(-0.5 * in * in));
    }

    /** σ(x) = 1 / (1 + e^−x), with the core's exponential: the same bits as a vector lane of {@link #sigmoid(FloatVector)}. */
    public static float sigmoid(float x) {
        return 1f / (VectorMath.exp(-x) + 1f);
    }

    /** σ lane by lane: what {@link #sigmoid(Tape, Tensor)} computes per vector. */
    static FloatVector sigmoid(FloatVector v) {
        return FloatVector.broadcast(v.species(), 1f).div(VectorMath.exp(v.neg()).add(1f));
    }

    private static float phi(float x) {
        return (float) (0.5 * (1 + Erf.erf(x * SQRT_HALF)));
    }

    @FunctionalInterface
    private interface Function {
        float apply(float x);
    }

    private static Tensor map(Tape tape, Tensor x, Function f, Derivative derivative) {
        Tensor y = tape.result(x.requiresGrad(), x.shape());
        float[] xd = x.data();
        float[] yd = y.data();
        Parallel.forRange(x.size(), Elementwise.GRAIN, (from, to) -> {
            for (int i = from; i < to; i++) {
                yd[i] = f.apply(xd[i]);
            }
        });
        record(tape, x, y, derivative);
        return y;
    }

    private static void record(Tape tape, Tensor x, Tensor y, Derivative derivative) {
        if (!y.requiresGrad()) {
            return;
        }
        tape.record(() -> {
            float[] xd = x.data();
            float[] yd = y.data();
            float[] gx = x.grad();
            float[] gy = y.grad();
            Parallel.forRange(x.size(), Elementwise.GRAIN, (from, to) -> {
                for (int i = from; i < to; i++) {
                    gx[i] += gy[i] * derivative.at(xd[i], yd[i]);
                }
            });
        });
    }
}
