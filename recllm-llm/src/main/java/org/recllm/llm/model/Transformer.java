package org.recllm.llm.model;

import java.util.Arrays;
import java.util.List;
import org.recllm.core.parallel.Parallel;

/**
 * The decoder forward pass for every supported family: token embeddings, then per block RMS norm → attention with
 * rotary positions and grouped-query heads over the KV cache → residual, RMS norm → SwiGLU feed-forward → residual;
 * a final norm and the output projection give logits. Any number of new tokens of any number of sequences go through
 * one pass: all of them share each weight read, and each attends causally within its own cache.
 */
public final class Transformer {
    private final ModelConfig config;
    private final ModelWeights weights;
    private final Rope rope;
    private final Logits logits;
    private final ForwardBuffers buffers;
    private final ThreadLocal<float[]> scores = ThreadLocal.withInitial(() -> new float[256]);

    public Transformer(ModelConfig config, ModelWeights weights) {
        this.config = config;
        this.weights = weights;
        this.rope = new Rope(config, weights.ropeFactors());
        this.logits = new Logits(config.vocabulary());
        this.buffers = new ForwardBuffers(config);
    }

    public ModelConfig config() {
        return config;
    }

    /** A cache for one sequence of up to {@code capacity} tokens. */
    public KvCache newCache(int capacity) {
        return new KvCache(config, capacity);
    }

    /** Appends {@code tokens} to {@code cache}; logits for every token or only the last. */
    public Logits forward(KvCache cache, int[] tokens, boolean allLogits) {
        return forward(List.of(new SequenceStep(cache, tokens, allLogits)), null, -1);
    }

    /** One pass over the new tokens of several sequences (continuous batching). */
    public Logits forward(List<SequenceStep> steps) {
        return forward(steps, null, -1);
    }

    /**
     * Appends {@code tokens} to {@code cache} and returns the hidden state of every token after block {@code layer}
     * (1..layers; {@code layers} gives the final-normed states), [tokens × dim] row-major.
     */
    public float[] hiddenStates(KvCache cache, int[] tokens, int layer) {
        return hiddenStates(List.of(new SequenceStep(cache, tokens, false)), layer);
    }

    /**
     * The hidden states after block {@code layer} of the new tokens of several sequences in one pass, rows in step
     * order. The pass stops at that block, so the caches are fit for more hidden states, not for decoding.
     */
    public float[] hiddenStates(List<SequenceStep> steps, int layer) {
        if (layer < 1 || layer > config.layers()) {
            throw new IllegalArgumentException("layer must be 1.." + config.layers() + ", got " + layer);
        }
        int rows = 0;
        for (SequenceStep step : steps) {
            rows += step.tokens().length;
        }
        float[] out = new float[rows * config.dim()];
        forward(steps, out, layer);
        return out;
    }

    private Logits forward(List<SequenceStep> steps, float[] hiddenOut, int hiddenLayer) {
        int n = 0;
        int logitRows = 0;
        for (SequenceStep step : steps) {
            if (step.cache().length() + step.tokens().length > step.cache().capacity()) {
                throw new IllegalArgumentException("the sequence would reach " + (step.cache().length() + step.tokens().length)
                        + " tokens; its cache holds " + step.cache().capacity());
            }
            n += step.tokens().length;
            logitRows += step.logitRows();
        }
        ForwardBuffers b = buffers.ensure(n);
        int dim = config.dim();
        int row = 0;
        for (SequenceStep step : steps) {
            for (int i = 0; i < step.tokens().length; i++, row++) {
                int token = step.tokens()[i];
                if (token < 0 || token >= config.vocabulary()) {
                    throw new IllegalArgumentException("token " + token + " is outside the vocabulary of " + config.vocabulary());
                }
                weights.tokenEmbedding().dequantizeRow(token, b.x, row * dim);
                b.position[row] = step.cache().length() + i;
                b.cacheOf[row] = step.cache();
            }
        }
        for (int layer = 0; layer < config.layers(); layer++) {
            block(weights.layers()[layer], layer, b, n);
            if (hiddenOut != null && layer + 1 == hiddenLayer && hiddenLayer < config.layers()) {
                System.arraycopy(b.x, 0, hiddenOut, 0, n * dim);
                break;
            }
        }
        for (SequenceStep step : steps) {
            step.cache().extend(step.tokens().length);
        }
        if (hiddenOut != null && hiddenLayer < config.layers()) {
            return logits;
        }
        if (hiddenOut != null && hiddenLayer == config.layers()) {
            for (int r = 0; r < n; r++) {
                InferenceMath.rmsNorm(b.x, r * dim, weights.outputNorm(), config.rmsEpsilon(), hiddenOut, r * dim, dim);
            }
            return logits;
        }
        int selected = 0;
        row = 0;
        for (SequenceStep step : steps) {
            int count = step.tokens().length;
            for (int i = step.allLogits() ? 0 : count - 1; i < count; i++) {
                InferenceMath.rmsNorm(b.x, (row + i) * dim, weights.outputNorm(), config.rmsEpsilon(), b.normed, selected * dim, dim);
                selected++;
            }
            row += count;
        }
        logits.resize(logitRows);
        weights.output().matMul(b.normed, logitRows, logits.data());
        return logits;
    }

    private void block(LayerWeights w, int layer, ForwardBuffers b, int n) {
        int dim = config.dim();
        int kvDim = config.kvDim();
        int qDim = config.heads() * config.headDim();
        for (int r = 0; r < n; r++) {
            InferenceMath.rmsNorm(b.x, r * dim, w.attentionNorm(), config.rmsEpsilon(), b.normed, r * dim, dim);
        }
        w.query().matMul(b.normed, n, b.q);
        w.key().matMul(b.normed, n, b.k);
        w.value().matMul(b.normed, n, b.v);
        for (int r = 0; r < n; r++) {
            if (w.queryBias() != null) {
                addBias(b.q, r * qDim, w.queryBias());
                addBias(b.k, r * kvDim, w.keyBias());
                addBias(b.v, r * kvDim, w.valueBias());
            }
            rope.rotate(b.q, r * qDim, config.heads(), b.position[r]);
            rope.rotate(b.k, r * kvDim, config.kvHeads(), b.position[r]);
            b.cacheOf[r].store(layer, b.position[r], b.k, r * kvDim, b.v, r * kvDim);
        }
        attention(layer, b, n);
        w.output().matMul(b.attention, n, b.projected);
        addInto(b.x, b.projected, n * dim);
        for (int r = 0; r < n; r++) {
            InferenceMath.rmsNorm(b.x, r * dim, w.ffnNorm(), config.rmsEpsilon(), b.normed, r * dim, dim);
        }
        w.gate().matMul(b.normed, n, b.gate);
        w.up().matMul(b.normed, n, b.up);
        InferenceMath.swiglu(b.gate, b.up, n * config.ffn());
        w.down().matMul(b.gate, n, b.projected);
        addInto(b.x, b.projected, n * dim);
    }

    /**
     * Causal grouped-query attention of every new row and head over its sequence's cache, along positions (see
     * {@link KvCache}'s layout): scores accumulate one head component at a time over all visible positions, and each
     * output component is a dot product of the weights with that component's values.
     */
    private void attention(int layer, ForwardBuffers b, int n) {
        int heads = config.heads();
        int headDim = config.headDim();
        int group = heads / config.kvHeads();
        float scale = (float) (1 / Math.sqrt(headDim));
        int longest = 0;
        for (int r = 0; r < n; r++) {
            longest = Math.max(longest, b.position[r] + 1);
        }
        // Small models attend over a few thousand multiply-adds per head: below that, waking a worker costs more.
        int grain = Math.max(1, 32768 / (2 * longest * headDim));
        Parallel.forRange(n * heads, grain, (from, to) -> {
            for (int task = from; task < to; task++) {
                int r = task / heads;
                int h = task % heads;
                int visible = b.position[r] + 1;
                KvCache cache = b.cacheOf[r];
                float[] keys = cache.keys(layer);
                float[] values = cache.values(layer);
                float[] s = scratch(visible);
                int qOffset = r * heads * headDim + h * headDim;
                int first = (h / group) * headDim;
                Arrays.fill(s, 0, visible, 0f);
                for (int d = 0; d < headDim; d++) {
                    InferenceMath.axpy(b.q[qOffset + d] * scale, keys, cache.row(first + d), s, 0, visible);
                }
                InferenceMath.softmax(s, 0, visible);
                for (int d = 0; d < headDim; d++) {
                    b.attention[qOffset + d] = InferenceMath.dot(s, 0, values, cache.row(first + d), visible);
                }
            }
        });
    }

    private float[] scratch(int length) {
        float[] s = scores.get();
        if (s.length < length) {
            s = new float[Math.max(length, s.length * 2)];
            scores.set(s);
        }
        return s;
    }

    private static void addBias(float[] x, int offset, float[] bias) {
        for (int i = 0; i < bias.length; i++) {
            x[offset + i] += bias[i];
        }
    }

    private static void addInto(float[] target, float[] source, int n) {
        for (int i = 0; i < n; i++) {
            target[i] += source[i];
        }
    }
}
