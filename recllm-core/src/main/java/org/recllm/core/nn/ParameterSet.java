package org.recllm.core.nn;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.recllm.core.ops.Norms;
import org.recllm.core.tensor.EmbeddingTable;
import org.recllm.core.tensor.Tensor;

/**
 * Every named piece of a model's state: dense parameters, sparse embedding tables, and non-trainable buffers (batch
 * norm running statistics). Optimisers update what it holds; checkpoints save and restore it by name.
 */
public final class ParameterSet {
    private final Map<String, Tensor> dense = new LinkedHashMap<>();
    private final Map<String, EmbeddingTable> tables = new LinkedHashMap<>();
    private final Map<String, Tensor> buffers = new LinkedHashMap<>();
    private final java.util.List<Runnable> inferenceCaches = new java.util.ArrayList<>();
    private final SplittableRandom random;

    public ParameterSet(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** A dense weight matrix [in, out] with Xavier-normal initial values (FuxiCTR's default for linear layers). */
    public Tensor xavier(String name, int in, int out) {
        Tensor w = register(name, Tensor.parameter(name, in, out));
        double std = Math.sqrt(2.0 / (in + out));
        float[] data = w.data();
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) (gaussian() * std);
        }
        return w;
    }

    /** A dense parameter filled with {@code value} (biases 0, norm gains 1). */
    public Tensor constant(String name, float value, int... shape) {
        Tensor t = register(name, Tensor.parameter(name, shape));
        java.util.Arrays.fill(t.data(), value);
        return t;
    }

    /** A dense parameter with Normal(0, std²) values. */
    public Tensor normal(String name, float std, int... shape) {
        Tensor t = register(name, Tensor.parameter(name, shape));
        float[] data = t.data();
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) (gaussian() * std);
        }
        return t;
    }

    /** An embedding table with Normal(0, std²) rows and a zero padding row. */
    public EmbeddingTable embedding(String name, int rows, int dim, float std) {
        if (tables.containsKey(name) || dense.containsKey(name)) {
            throw new IllegalArgumentException("parameter " + name + " is defined twice");
        }
        EmbeddingTable table = new EmbeddingTable(name, rows, dim).initNormal(random, std);
        tables.put(name, table);
        return table;
    }

    /** A table of given, fixed vectors (e.g. encoded LLM knowledge): saved with the model, never trained. */
    public EmbeddingTable frozenEmbedding(String name, int rows, int dim, float[] values) {
        if (tables.containsKey(name) || dense.containsKey(name)) {
            throw new IllegalArgumentException("parameter " + name + " is defined twice");
        }
        EmbeddingTable table = new EmbeddingTable(name, rows, dim).trainable(false);
        System.arraycopy(values, 0, table.weights(), 0, values.length);
        tables.put(name, table);
        return table;
    }

    /** Running statistics of a batch-norm layer, saved with the model but not trained. */
    public Norms.BatchNormStats batchNormStats(String name, int channels, float momentum) {
        Norms.BatchNormStats stats = Norms.BatchNormStats.of(channels, momentum);
        buffers.put(name + ".running_mean", stats.mean());
        buffers.put(name + ".running_var", stats.variance());
        return stats;
    }

    private Tensor register(String name, Tensor tensor) {
        if (dense.containsKey(name) || tables.containsKey(name)) {
            throw new IllegalArgumentException("parameter " + name + " is defined twice");
        }
        dense.put(name, tensor);
        return tensor;
    }

    private double gaussian() {
        double u = 1 - random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    public Map<String, Tensor> dense() {
        return Collections.unmodifiableMap(dense);
    }

    public Map<String, EmbeddingTable> tables() {
        return Collections.unmodifiableMap(tables);
    }

    public Map<String, Tensor> buffers() {
        return Collections.unmodifiableMap(buffers);
    }

    /** Number of trainable scalars. */
    public long count() {
        long total = 0;
        for (Tensor t : dense.values()) {
            total += t.size();
        }
        for (EmbeddingTable table : tables.values()) {
            total += table.trainable() ? (long) table.rows() * table.dim() : 0;
        }
        return total;
    }

    public void zeroGrad() {
        dense.values().forEach(Tensor::zeroGrad);
        tables.values().forEach(EmbeddingTable::clearGrad);
    }

    /**
     * Registers something a layer can derive from the weights once for inference (e.g. a knowledge adaptor's output
     * for every row, which depends on nothing else): computed by {@link #precomputeForInference}.
     */
    public void addInferenceCache(Runnable compute) {
        inferenceCaches.add(compute);
    }

    /**
     * Computes every registered inference cache from the current weights; passes that do not train then read them
     * instead of recomputing (a server does this once per loaded model). Call again after the weights change; a
     * model that trains further must not have called it.
     */
    public void precomputeForInference() {
        inferenceCaches.forEach(Runnable::run);
    }
}
