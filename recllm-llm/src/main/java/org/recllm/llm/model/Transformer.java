package org.recllm.llm.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.recllm.core.parallel.Parallel;
import org.recllm.core.quant.ActivationPrecision;
import org.recllm.core.quant.Activations;
import org.recllm.core.quant.RowMatrix;

/**
 * The decoder forward pass for every supported family: token embeddings, then per block RMS norm → attention with
 * rotary positions and grouped-query heads over the KV cache → residual, RMS norm → SwiGLU feed-forward → residual;
 * a final norm and the output projection give logits. Any number of new tokens of any number of sequences go through
 * one pass: all of them share each weight read, and each attends causally within its own cache.
 *
 * <p>One method per use — {@link #decode}, {@link #prefill}, {@link #logitsAll}, {@link #hiddenStates} — each with
 * its own preallocated, reused buffers. Not thread-safe: one caller at a time.
 */
public final class Transformer {
    private final ModelConfig config;
    private final ModelWeights weights;
    private final Rope rope;
    // Each use has its own activations and output, so a result stays valid while another kind of pass runs (a scorer
    // keeps decode's logits while it runs logitsAll; an embedding never resizes decode's buffers).
    private final ForwardBuffers decodeBuffers;
    private final Logits decodeLogits;
    private final ForwardBuffers prefillBuffers;
    private final Logits prefillLogits;
    private final ForwardBuffers allBuffers;
    private final Logits allLogits;
    private final ForwardBuffers hiddenBuffers;
    /** Private caches of {@link #hiddenStates}, one per sequence of a batch, kept for the next batch. */
    private final List<KvCache> hiddenCaches = new ArrayList<>();
    private final ThreadLocal<float[]> scores = ThreadLocal.withInitial(() -> new float[256]);

    /** A forward pass at the activation precision {@code -Drecllm.activations} names (float32 unless it says int8). */
    public Transformer(ModelConfig config, ModelWeights weights) {
        this(config, weights, ActivationPrecision.fromProperty());
    }

    /** A forward pass feeding block-quantised weights activations at {@code precision}. */
    public Transformer(ModelConfig config, ModelWeights weights, ActivationPrecision precision) {
        this.config = config;
        this.weights = weights;
        this.rope = new Rope(config, weights.ropeFactors());
        this.decodeBuffers = new ForwardBuffers(config, precision).ensure(1);
        this.decodeLogits = new Logits(config.vocabulary(), 1);
        this.prefillBuffers = new ForwardBuffers(config, precision);
        this.prefillLogits = new Logits(config.vocabulary(), 1);
        this.allBuffers = new ForwardBuffers(config, precision);
        this.allLogits = new Logits(config.vocabulary(), 1);
        this.hiddenBuffers = new ForwardBuffers(config, precision);
    }

    public ModelConfig config() {
        return config;
    }

    /** A cache for one sequence of up to {@code capacity} tokens (at most the model's context); see {@link KvCache}. */
    public KvCache newCache(int capacity) {
        return new KvCache(config, capacity);
    }

    /**
     * Appends {@code token} to {@code cache} and returns the logits at that position: one row, valid until the next
     * {@code decode}. Allocates nothing.
     */
    public Logits decode(KvCache cache, int token) {
        requireRoom(cache, 1);
        if (weights.conditioning() != null) {
            weights.conditioning().assign(0, 1, null);
        }
        place(decodeBuffers, 0, cache, cache.length(), token);
        blocks(decodeBuffers, 1, config.layers());
        cache.extend(1);
        finalNorm(decodeBuffers, 0, decodeBuffers.normed, 0);
        return project(decodeBuffers, 1, 1, decodeLogits);
    }

    /**
     * Appends {@code tokens} (at least one) to {@code cache} in one pass and returns the logits at the last of them:
     * one row, valid until the next {@code prefill}.
     */
    public Logits prefill(KvCache cache, int[] tokens) {
        return prefill(List.of(new SequenceStep(cache, tokens)));
    }

    /**
     * Appends each step's tokens to its own cache in one pass (continuous batching: a joining sequence brings its
     * prompt, a decoding one its last token and any draft) and returns logits at each step's last
     * {@link SequenceStep#outputs()} positions, steps in order; valid until the next {@code prefill}.
     */
    public Logits prefill(List<SequenceStep> steps) {
        int[] firstRow = exactFirst(prefillBuffers, steps);
        int n = load(prefillBuffers, steps, firstRow);
        blocks(prefillBuffers, n, config.layers());
        int slot = 0;
        for (int s = 0; s < steps.size(); s++) {
            SequenceStep step = steps.get(s);
            step.cache().extend(step.tokens().length);
            int end = firstRow[s] + step.tokens().length;
            for (int row = end - step.outputs(); row < end; row++) {
                finalNorm(prefillBuffers, row, prefillBuffers.normed, slot++);
            }
        }
        return project(prefillBuffers, slot, slot, prefillLogits);
    }

    /**
     * Lays out a generation pass so that decoding and verification do not depend on the batch around them: their rows
     * first, computed exactly as one-token decoding computes them, then the rows of long prompts
     * ({@link RowMatrix#GEMM_INPUTS} tokens or more, one output), which take the packed GEMM (a prompt's own logits
     * can then round differently when several long prompts join in one pass and the matrices are small enough for the
     * GEMM's direct path). Sets {@code b.exactRows}; returns each step's first row.
     */
    private int[] exactFirst(ForwardBuffers b, List<SequenceStep> steps) {
        int[] firstRow = b.firstRows(steps.size());
        int exact = 0;
        for (int s = 0; s < steps.size(); s++) {
            if (!longPrompt(steps.get(s))) {
                firstRow[s] = exact;
                exact += steps.get(s).tokens().length;
            }
        }
        int row = exact;
        for (int s = 0; s < steps.size(); s++) {
            if (longPrompt(steps.get(s))) {
                firstRow[s] = row;
                row += steps.get(s).tokens().length;
            }
        }
        b.exactRows = exact;
        return firstRow;
    }

    private static boolean longPrompt(SequenceStep step) {
        return step.outputs() == 1 && step.tokens().length >= RowMatrix.GEMM_INPUTS;
    }

    /**
     * Appends {@code tokens} to {@code cache} in one pass and returns logits at every one of them: row i is what
     * {@link #decode} would return after the cache's tokens and {@code tokens[0..i]} (scoring) — bit for bit up to
     * {@link RowMatrix#GEMM_INPUTS} − 1 tokens, within float accuracy beyond, where the packed GEMM runs. Valid until
     * the next {@code logitsAll}. Speculative verification goes through {@link #prefill(List)}, which is exact at any
     * length.
     */
    public Logits logitsAll(KvCache cache, int[] tokens) {
        int n = load(allBuffers, List.of(new SequenceStep(cache, tokens)));
        blocks(allBuffers, n, config.layers());
        cache.extend(n);
        for (int r = 0; r < n; r++) {
            finalNorm(allBuffers, r, allBuffers.normed, r);
        }
        return project(allBuffers, n, 0, allLogits);
    }

    /** The hidden states of one sequence from its start; see {@link #hiddenStates(List, int)}. */
    public float[] hiddenStates(int[] tokens, int layer) {
        return hiddenStates(List.of(tokens), layer);
    }

    /**
     * The hidden states after block {@code layer} (1..layers; {@code layers} gives the final-normed states) of every
     * token of several sequences, each read from its start, in one pass: [all tokens × dim], rows in sequence order.
     * The pass uses caches of its own (it stops at that block, leaving them unfit for decoding), so no cache of the
     * caller's is touched.
     */
    public float[] hiddenStates(List<int[]> sequences, int layer) {
        if (layer < 1 || layer > config.layers()) {
            throw new IllegalArgumentException("layer must be 1.." + config.layers() + ", got " + layer);
        }
        List<SequenceStep> steps = new ArrayList<>(sequences.size());
        for (int s = 0; s < sequences.size(); s++) {
            steps.add(new SequenceStep(hiddenCache(s, sequences.get(s).length), sequences.get(s)));
        }
        int n = load(hiddenBuffers, steps);
        blocks(hiddenBuffers, n, layer);
        int dim = config.dim();
        float[] out = new float[n * dim];
        if (layer < config.layers()) {
            System.arraycopy(hiddenBuffers.x, 0, out, 0, n * dim);
        } else {
            for (int r = 0; r < n; r++) {
                finalNorm(hiddenBuffers, r, out, r);
            }
        }
        return out;
    }

    /** Hidden-state cache {@code index}, emptied, with room for {@code tokens}: reused when large enough. */
    private KvCache hiddenCache(int index, int tokens) {
        if (index == hiddenCaches.size()) {
            hiddenCaches.add(null);
        }
        KvCache cache = hiddenCaches.get(index);
        if (cache == null || cache.capacity() < tokens) {
            cache = newCache(Math.max(1, tokens));
            hiddenCaches.set(index, cache);
        }
        cache.truncate(0);
        return cache;
    }

    /** Embeds every step's tokens into {@code b} in step order, every row free to take the GEMM; returns the row count. */
    private int load(ForwardBuffers b, List<SequenceStep> steps) {
        int[] firstRow = b.firstRows(steps.size());
        firstRow[0] = 0;
        for (int s = 1; s < steps.size(); s++) {
            firstRow[s] = firstRow[s - 1] + steps.get(s - 1).tokens().length;
        }
        b.exactRows = 0;
        return load(b, steps, firstRow);
    }

    /**
     * Embeds step s's tokens into {@code b} from row {@code firstRow[s]}, at positions after its cache's length;
     * returns the row count.
     */
    private int load(ForwardBuffers b, List<SequenceStep> steps, int[] firstRow) {
        int n = 0;
        for (SequenceStep step : steps) {
            requireRoom(step.cache(), step.tokens().length);
            n += step.tokens().length;
        }
        b.ensure(n);
        for (int s = 0; s < steps.size(); s++) {
            SequenceStep step = steps.get(s);
            for (int i = 0; i < step.tokens().length; i++) {
                place(b, firstRow[s] + i, step.cache(), step.cache().length() + i, step.tokens()[i]);
            }
            if (weights.conditioning() != null) {
                weights.conditioning().assign(firstRow[s], step.tokens().length, step.condition());
            }
        }
        return n;
    }

    private static void requireRoom(KvCache cache, int tokens) {
        if (cache.length() + tokens > cache.capacity()) {
            throw new IllegalArgumentException("the sequence would reach " + ((long) cache.length() + tokens)
                    + " tokens; its cache holds " + cache.capacity());
        }
    }

    private void place(ForwardBuffers b, int row, KvCache cache, int position, int token) {
        if (token < 0 || token >= config.vocabulary()) {
            throw new IllegalArgumentException("token " + token + " is outside the vocabulary of " + config.vocabulary());
        }
        weights.tokenEmbedding().dequantizeRow(token, b.x, row * config.dim());
        b.position[row] = position;
        b.cacheOf[row] = cache;
    }

    /** Runs the first {@code count} blocks over {@code n} rows of {@code b}. */
    private void blocks(ForwardBuffers b, int n, int count) {
        for (int layer = 0; layer < count; layer++) {
            block(weights.layers()[layer], layer, b, n);
        }
    }

    /** The output norm of residual row {@code row} of {@code b} into row {@code slot} of {@code out}. */
    private void finalNorm(ForwardBuffers b, int row, float[] out, int slot) {
        int dim = config.dim();
        InferenceMath.rmsNorm(b.x, row * dim, weights.outputNorm(), config.rmsEpsilon(), out, slot * dim, dim);
    }

    /**
     * The output projection of the first {@code rows} normed rows of {@code b} into {@code logits}, the first
     * {@code exact} of them as one-token decoding computes them.
     */
    private Logits project(ForwardBuffers b, int rows, int exact, Logits logits) {
        logits.resize(rows);
        weights.output().matMul(b.inputs.set(b.normed, rows, config.dim()), rows, exact, logits.data());
        return logits;
    }

    private void block(LayerWeights w, int layer, ForwardBuffers b, int n) {
        int dim = config.dim();
        int kvDim = config.kvDim();
        int qDim = config.heads() * config.headDim();
        for (int r = 0; r < n; r++) {
            InferenceMath.rmsNorm(b.x, r * dim, w.attentionNorm(), config.rmsEpsilon(), b.normed, r * dim, dim);
        }
        Activations normed = b.inputs.set(b.normed, n, dim);
        w.query().matMul(normed, n, b.exactRows, b.q);
        w.key().matMul(normed, n, b.exactRows, b.k);
        w.value().matMul(normed, n, b.exactRows, b.v);
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
        w.output().matMul(b.inputs.set(b.attention, n, qDim), n, b.exactRows, b.projected);
        addInto(b.x, b.projected, n * dim);
        for (int r = 0; r < n; r++) {
            InferenceMath.rmsNorm(b.x, r * dim, w.ffnNorm(), config.rmsEpsilon(), b.normed, r * dim, dim);
        }
        Activations ffnInput = b.inputs.set(b.normed, n, dim);
        w.gate().matMul(ffnInput, n, b.exactRows, b.gate);
        w.up().matMul(ffnInput, n, b.exactRows, b.up);
        InferenceMath.swiglu(b.gate, b.up, n * config.ffn());
        w.down().matMul(b.inputs.set(b.gate, n, config.ffn()), n, b.exactRows, b.projected);
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
