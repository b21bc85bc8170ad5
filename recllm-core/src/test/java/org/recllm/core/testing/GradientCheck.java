package org.recllm.core.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.recllm.core.tensor.EmbeddingTable;
import org.recllm.core.tensor.Tape;
import org.recllm.core.tensor.Tensor;

/**
 * Finite-difference gradient checks: the analytic gradient of L = Σ w ⊙ f(inputs), with fixed random weights w, must
 * match central differences of L computed in float64 from f's float32 outputs.
 */
public final class GradientCheck {
    private final SplittableRandom random;
    private final List<Tensor> inputs = new ArrayList<>();
    private final List<EmbeddingTable> tables = new ArrayList<>();
    private double epsilon = 1e-2;
    private double relative = 2e-2;
    private double absolute = 2e-3;
    private int sampled = Integer.MAX_VALUE;

    public GradientCheck(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** A new input of the given shape with values uniform in (-scale, scale) and a gradient. */
    public Tensor input(float scale, int... shape) {
        int size = Tensor.sizeOf(shape);
        float[] data = new float[size];
        for (int i = 0; i < size; i++) {
            data[i] = (float) ((random.nextDouble() * 2 - 1) * scale);
        }
        Tensor tensor = Tensor.withGradient(data, new float[size], shape);
        inputs.add(tensor);
        return tensor;
    }

    /** Registers an existing tensor with a gradient (e.g. a layer's parameter) to be checked too. */
    public Tensor include(Tensor tensor) {
        if (!tensor.requiresGrad()) {
            throw new IllegalArgumentException(tensor + " has no gradient to check");
        }
        inputs.add(tensor);
        return tensor;
    }

    /** Registers an embedding table whose rows are checked too. */
    public EmbeddingTable table(EmbeddingTable table) {
        tables.add(table);
        return table;
    }

    public GradientCheck tolerance(double relative, double absolute) {
        this.relative = relative;
        this.absolute = absolute;
        return this;
    }

    public GradientCheck epsilon(double epsilon) {
        this.epsilon = epsilon;
        return this;
    }

    /**
     * Checks at most {@code elements} randomly drawn elements of each input instead of all (whole models, where each
     * element costs two forward passes).
     */
    public GradientCheck sample(int elements) {
        this.sampled = elements;
        return this;
    }

    public void check(Function<Tape, Tensor> f) {
        Tape tape = new Tape();
        Tensor probe = f.apply(tape.reset().gradients(false));
        float[] weights = new float[probe.size()];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = (float) (random.nextDouble() * 2 - 1);
        }
        for (Tensor input : inputs) {
            input.zeroGrad();
        }
        for (EmbeddingTable table : tables) {
            table.clearGrad();
        }
        tape.reset().gradients(true);
        Agreement.backward(tape, f.apply(tape), weights);
        for (int t = 0; t < inputs.size(); t++) {
            Tensor input = inputs.get(t);
            float[] data = input.data();
            for (int n = 0; n < Math.min(input.size(), sampled); n++) {
                int i = input.size() <= sampled ? n : random.nextInt(input.size());
                float saved = data[i];
                data[i] = (float) (saved + epsilon);
                double plus = weightedSum(f, tape, weights);
                data[i] = (float) (saved - epsilon);
                double minus = weightedSum(f, tape, weights);
                data[i] = saved;
                compare("input " + t + " element " + i, (plus - minus) / (2 * epsilon), input.grad()[i]);
            }
        }
        for (EmbeddingTable table : tables) {
            float[] analytic = new float[table.weights().length];
            for (int s = 0; s < table.touchedCount(); s++) {
                System.arraycopy(table.gradRows(), s * table.dim(), analytic, table.touchedRow(s) * table.dim(), table.dim());
            }
            float[] w = table.weights();
            for (int i = 0; i < w.length; i++) {
                float saved = w[i];
                w[i] = (float) (saved + epsilon);
                double plus = weightedSum(f, tape, weights);
                w[i] = (float) (saved - epsilon);
                double minus = weightedSum(f, tape, weights);
                w[i] = saved;
                compare(table.name() + " weight " + i, (plus - minus) / (2 * epsilon), analytic[i]);
            }
        }
    }

    private static double weightedSum(Function<Tape, Tensor> f, Tape tape, float[] weights) {
        Tensor out = f.apply(tape.reset().gradients(false));
        double sum = 0;
        for (int i = 0; i < weights.length; i++) {
            sum += (double) weights[i] * out.data()[i];
        }
        return sum;
    }

    private void compare(String what, double numeric, double analytic) {
        double error = Math.abs(numeric - analytic);
        assertTrue(error <= absolute + relative * Math.max(Math.abs(numeric), Math.abs(analytic)),
                what + ": numeric " + numeric + " vs analytic " + analytic);
    }
}
