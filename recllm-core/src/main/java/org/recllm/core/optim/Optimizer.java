package org.recllm.core.optim;

import java.util.ArrayList;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.recllm.core.nn.ParameterSet;
import org.recllm.core.tensor.EmbeddingTable;
import org.recllm.core.tensor.Tensor;

/**
 * Adam, AdamW or AdaGrad over a parameter set: dense tensors are updated every step, embedding tables only in the
 * rows the step touched (lazy Adam with a per-row step count, so bias correction is right for rarely seen rows).
 * Optional global-norm clipping covers dense and sparse gradients together. State is exposed for checkpoints.
 */
public final class Optimizer {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private final ParameterSet parameters;
    private final OptimizerConfig config;
    private final Map<String, float[]> first = new LinkedHashMap<>();
    private final Map<String, float[]> second = new LinkedHashMap<>();
    private final Map<String, int[]> rowSteps = new LinkedHashMap<>();
    private long steps;
    private long[] order = new long[0];
    private final BiasCorrections corrections;

    public Optimizer(ParameterSet parameters, OptimizerConfig config) {
        this.parameters = parameters;
        this.config = config;
        this.corrections = new BiasCorrections(config.beta1(), config.beta2());
        parameters.dense().forEach((name, t) -> {
            if (config.kind() != OptimizerConfig.Kind.ADAGRAD) {
                first.put(name, new float[t.size()]);
            }
            second.put(name, new float[t.size()]);
        });
        parameters.tables().forEach((name, table) -> {
            if (!table.trainable()) {
                return;
            }
            int size = table.rows() * table.dim();
            if (config.kind() != OptimizerConfig.Kind.ADAGRAD) {
                first.put(name, new float[size]);
                rowSteps.put(name, new int[table.rows()]);
            }
            second.put(name, new float[size]);
        });
    }

    public OptimizerConfig config() {
        return config;
    }

    public long steps() {
        return steps;
    }

    /** Applies one update with {@code learningRate} (from a schedule) and clears the gradients. */
    public void step(float learningRate) {
        steps++;
        float clip = clipFactor();
        for (Map.Entry<String, Tensor> entry : parameters.dense().entrySet()) {
            Tensor t = entry.getValue();
            updateDense(entry.getKey(), t.data(), t.grad(), t.size(), learningRate, clip);
        }
        for (Map.Entry<String, EmbeddingTable> entry : parameters.tables().entrySet()) {
            if (entry.getValue().trainable()) {
                updateTable(entry.getKey(), entry.getValue(), learningRate, clip);
            }
        }
        parameters.zeroGrad();
    }

    private float clipFactor() {
        if (config.clipNorm() <= 0) {
            return 1f;
        }
        double squares = 0;
        for (Tensor t : parameters.dense().values()) {
            float[] g = t.grad();
            for (int i = 0; i < t.size(); i++) {
                squares += g[i] * g[i];
            }
        }
        for (EmbeddingTable table : parameters.tables().values()) {
            float[] g = table.gradRows();
            for (int i = 0; i < table.touchedCount() * table.dim(); i++) {
                squares += g[i] * g[i];
            }
        }
        double norm = Math.sqrt(squares);
        return norm > config.clipNorm() ? (float) (config.clipNorm() / norm) : 1f;
    }

    private void updateDense(String name, float[] w, float[] g, int n, float lr, float clip) {
        float[] m = first.get(name);
        float[] v = second.get(name);
        float decay = config.weightDecay();
        switch (config.kind()) {
            case ADAGRAD -> {
                for (int i = 0; i < n; i++) {
                    float grad = g[i] * clip + decay * w[i];
                    v[i] += grad * grad;
                    w[i] -= lr * grad / ((float) Math.sqrt(v[i]) + config.epsilon());
                }
            }
            case ADAM, ADAMW -> {
                adam(w, g, 0, m, v, 0, n, lr, clip, corrections.first(steps), corrections.second(steps), decay);
            }
        }
    }

    private void adam(float[] w, float[] g, int gOffset, float[] m, float[] v, int offset, int n, float lr, float clip,
                      float c1, float c2, float decay) {
        boolean decoupled = config.kind() == OptimizerConfig.Kind.ADAMW;
        float b1 = config.beta1();
        float b2 = config.beta2();
        float step = lr / c1;
        float inverseSqrtC2 = (float) (1 / Math.sqrt(c2));
        float eps = config.epsilon();
        float l2 = decoupled ? 0f : decay;
        float shrink = decoupled ? 1 - lr * decay : 1f;
        int i = 0;
        for (; i < SPECIES.loopBound(n); i += SPECIES.length()) {
            int p = offset + i;
            FloatVector weight = FloatVector.fromArray(SPECIES, w, p);
            FloatVector grad = FloatVector.fromArray(SPECIES, g, gOffset + i).mul(clip).add(weight.mul(l2));
            FloatVector mean = FloatVector.fromArray(SPECIES, m, p).mul(b1).add(grad.mul(1 - b1));
            FloatVector square = FloatVector.fromArray(SPECIES, v, p).mul(b2).add(grad.mul(grad).mul(1 - b2));
            mean.intoArray(m, p);
            square.intoArray(v, p);
            FloatVector denominator = square.lanewise(VectorOperators.SQRT).mul(inverseSqrtC2).add(eps);
            weight.mul(shrink).sub(mean.mul(step).div(denominator)).intoArray(w, p);
        }
        for (; i < n; i++) {
            int p = offset + i;
            float grad = g[gOffset + i] * clip + l2 * w[p];
            m[p] = b1 * m[p] + (1 - b1) * grad;
            v[p] = b2 * v[p] + (1 - b2) * grad * grad;
            w[p] = w[p] * shrink - step * m[p] / ((float) Math.sqrt(v[p]) * inverseSqrtC2 + eps);
        }
    }

    private void updateTable(String name, EmbeddingTable table, float lr, float clip) {
        int dim = table.dim();
        float[] w = table.weights();
        float[] g = table.gradRows();
        float[] m = first.get(name);
        float[] v = second.get(name);
        int[] rowStep = rowSteps.get(name);
        float decay = config.embeddingDecay();
        // Rows in ascending order: the weights and both moments are then read nearly sequentially.
        int touched = table.touchedCount();
        if (order.length < touched) {
            order = new long[Math.max(touched, order.length * 2)];
        }
        for (int s = 0; s < touched; s++) {
            order[s] = (long) table.touchedRow(s) << 32 | s;
        }
        Arrays.sort(order, 0, touched);
        for (int k = 0; k < touched; k++) {
            int row = (int) (order[k] >>> 32);
            int s = (int) order[k];
            int offset = row * dim;
            if (config.kind() == OptimizerConfig.Kind.ADAGRAD) {
                for (int j = 0; j < dim; j++) {
                    float grad = g[s * dim + j] * clip + decay * w[offset + j];
                    v[offset + j] += grad * grad;
                    w[offset + j] -= lr * grad / ((float) Math.sqrt(v[offset + j]) + config.epsilon());
                }
            } else {
                int t = ++rowStep[row];
                adam(w, g, s * dim, m, v, offset, dim, lr, clip, corrections.first(t), corrections.second(t), decay);
            }
        }
    }

    /** Named state arrays for checkpoints: first and second moments, per-row step counts as floats, the step count. */
    public Map<String, float[]> state() {
        Map<String, float[]> state = new LinkedHashMap<>();
        first.forEach((name, values) -> state.put("m:" + name, values));
        second.forEach((name, values) -> state.put("v:" + name, values));
        rowSteps.forEach((name, counts) -> {
            float[] asFloats = new float[counts.length];
            for (int i = 0; i < counts.length; i++) {
                asFloats[i] = counts[i];
            }
            state.put("t:" + name, asFloats);
        });
        state.put("steps", new float[] {steps});
        return state;
    }

    /** Restores what {@link #state()} returned (after a checkpoint load). */
    public void restore(Map<String, float[]> state) {
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, float[]> entry : state().entrySet()) {
            float[] saved = state.get(entry.getKey());
            if (saved == null || saved.length != entry.getValue().length) {
                missing.add(entry.getKey());
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("optimizer state does not fit this model: missing or resized " + missing);
        }
        first.forEach((name, values) -> System.arraycopy(state.get("m:" + name), 0, values, 0, values.length));
        second.forEach((name, values) -> System.arraycopy(state.get("v:" + name), 0, values, 0, values.length));
        rowSteps.forEach((name, counts) -> {
            float[] saved = state.get("t:" + name);
            for (int i = 0; i < counts.length; i++) {
                counts[i] = (int) saved[i];
            }
        });
        steps = (long) state.get("steps")[0];
    }
}
