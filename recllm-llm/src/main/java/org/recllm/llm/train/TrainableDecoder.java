package org.recllm.llm.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.recllm.core.nn.ParameterSet;
import org.recllm.core.ops.Activations;
import org.recllm.core.ops.Elementwise;
import org.recllm.core.ops.LogitHead;
import org.recllm.core.ops.MatMul;
import org.recllm.core.ops.Norms;
import org.recllm.core.ops.PackedCausalAttention;
import org.recllm.core.ops.ProjectedCrossEntropy;
import org.recllm.core.ops.RotaryEmbedding;
import org.recllm.core.ops.Shaping;
import org.recllm.core.quant.WeightMatrix;
import org.recllm.core.tensor.Tape;
import org.recllm.core.tensor.Tensor;
import org.recllm.llm.gguf.GgufFile;
import org.recllm.llm.model.LayerWeights;
import org.recllm.llm.model.ModelConfig;
import org.recllm.llm.model.ModelWeights;
import org.recllm.llm.model.Projection;
import org.recllm.llm.model.RopeStyle;
import org.recllm.llm.model.Transformer;

/**
 * A Llama-family decoder (Llama, Mistral, Qwen2) whose weights are parameters of the tensor core, so that its forward
 * pass records its backward pass. It computes what the inference {@link Transformer} computes — RMS norm,
 * grouped-query causal attention with rotary positions, SwiGLU, a tied or separate output head — but over whole
 * sequences from position 0, several packed in one pass (each attending to itself only), without a KV cache, keeping
 * every activation for the gradient or, with {@link #recomputeBlocks}, each block's output only.
 *
 * <p>One decoder serves one pass at a time (its block tape and a frozen bank's route are state of the decoder).
 *
 * <p>Parameters carry the GGUF tensor names and layouts (matrices [out, in], the token embedding [vocabulary, dim]),
 * so a model file's weights map onto them one to one and trained weights can be written back under the same names.
 *
 * <p>A decoder built with a {@link ProjectionAdapter} is frozen: its weights are constants that take no gradient
 * (no gradient arrays, no weight-gradient products in the backward pass) and its {@link #parameters()} are the
 * adapter's.
 */
public final class TrainableDecoder {
    /**
     * The loss holds the logits of this many floats' worth of rows at a time (16 MiB: 128 rows of a 32,000-token
     * vocabulary) and, when the rows take more than one chunk, computes them again in the backward pass; never fewer
     * than {@link #MIN_LOGIT_CHUNK} rows, which keep a stored head's product on the engine's panel path. The same with
     * and without {@link #recomputeBlocks}, so that the flag changes no bit of a result.
     */
    private static final int LOGIT_CHUNK_FLOATS = 1 << 22;
    private static final int MIN_LOGIT_CHUNK = 32;

    private final ModelConfig config;
    private final ParameterSet parameters;
    /** Null when the stored base's embedding is read in place. */
    private final Tensor tokenEmbedding;
    private final List<DecoderBlock> blocks = new ArrayList<>();
    private final Tensor outputNorm;
    /** The token embedding itself when the head is tied to it; null when the stored base's head is used in place. */
    private final Tensor output;
    /** The head the loss multiplies with: {@link #output}, or the stored base's head. */
    private final LogitHead head;
    private final RotaryEmbedding rope;
    /** Null for a decoder whose own weights train. */
    private final ProjectionAdapter adapter;
    /**
     * The frozen base's weights as stored (quantised or not) when its embedding, projections and head are used in
     * place, else null (then the decoder holds them as tensors).
     */
    private final ModelWeights stored;
    /** Whether a pass with gradients keeps only the blocks' inputs and computes each block again for its gradient. */
    private boolean recomputeBlocks;
    /** Rows whose logits the loss computes at a time ({@link ProjectedCrossEntropy}). */
    private int logitChunkRows;
    /** Where the activations of a block computed on its own live, one block at a time; null until first needed. */
    private Tape blockTape;
    /** Forward passes begun so far: a recomputed block checks that no other pass came between its forward and backward. */
    private long passes;

    private TrainableDecoder(ModelConfig config, boolean tiedOutput, float std, long seed, float[] ropeFactors,
                             ProjectionAdapter adapter, ModelWeights stored) {
        this.config = config;
        this.adapter = adapter;
        this.stored = stored;
        this.parameters = adapter == null ? new ParameterSet(seed) : adapter.parameters();
        int dim = config.dim();
        int queryDim = config.heads() * config.headDim();
        this.tokenEmbedding = stored == null ? matrix("token_embd.weight", std, config.vocabulary(), dim) : null;
        for (int i = 0; i < config.layers(); i++) {
            String p = "blk." + i + ".";
            blocks.add(new DecoderBlock(constant(p + "attn_norm.weight", 1f, dim),
                    projection(p + "attn_q.weight", std, queryDim, dim),
                    projection(p + "attn_k.weight", std, config.kvDim(), dim),
                    projection(p + "attn_v.weight", std, config.kvDim(), dim),
                    config.qkvBias() ? constant(p + "attn_q.bias", 0f, queryDim) : null,
                    config.qkvBias() ? constant(p + "attn_k.bias", 0f, config.kvDim()) : null,
                    config.qkvBias() ? constant(p + "attn_v.bias", 0f, config.kvDim()) : null,
                    projection(p + "attn_output.weight", std, dim, queryDim),
                    constant(p + "ffn_norm.weight", 1f, dim),
                    projection(p + "ffn_gate.weight", std, config.ffn(), dim),
                    projection(p + "ffn_up.weight", std, config.ffn(), dim),
                    projection(p + "ffn_down.weight", std, dim, config.ffn())));
        }
        this.outputNorm = constant("output_norm.weight", 1f, dim);
        this.output = stored != null ? null : tiedOutput ? tokenEmbedding : matrix("output.weight", std, config.vocabulary(), dim);
        this.head = stored != null ? LogitHead.of(stored.output()) : LogitHead.of(output);
        this.logitChunkRows = Math.max(MIN_LOGIT_CHUNK, LOGIT_CHUNK_FLOATS / config.vocabulary());
        this.rope = new RotaryEmbedding(config.ropeStyle() == RopeStyle.NORMAL
                ? RotaryEmbedding.Pairs.ADJACENT : RotaryEmbedding.Pairs.HALVES, frequencies(config, ropeFactors));
    }

    /** A projection matrix as {@link #matrix}, or none when the stored base's is used in place. */
    private Tensor projection(String name, float std, int rows, int cols) {
        return stored == null ? matrix(name, std, rows, cols) : null;
    }

    /** A matrix parameter: random, or zeros to be overwritten by a model file's weights (std 0). */
    private Tensor matrix(String name, float std, int rows, int cols) {
        return std == 0f ? constant(name, 0f, rows, cols) : parameters.normal(name, std, rows, cols);
    }

    /** A tensor filled with {@code value}: a parameter, or a constant without gradient when the decoder is frozen. */
    private Tensor constant(String name, float value, int... shape) {
        if (adapter == null) {
            return parameters.constant(name, value, shape);
        }
        float[] data = new float[Tensor.sizeOf(shape)];
        Arrays.fill(data, value);
        return Tensor.constant(data, shape);
    }

    /**
     * A decoder with Normal(0, std²) matrices and embedding (0.02 is GPT-2's choice), unit norm gains and zero biases,
     * all drawn from {@code seed}; {@code tiedOutput} makes the output head the token embedding.
     */
    public static TrainableDecoder random(ModelConfig config, boolean tiedOutput, float std, long seed) {
        return new TrainableDecoder(config, tiedOutput, std, seed, null, null, null);
    }

    /**
     * The decoder a GGUF model file describes, with its weights dequantised to float32 by the inference engine's
     * readers (any storage type the engine runs); the head is tied when the file has no {@code output.weight}.
     */
    public static TrainableDecoder fromGguf(GgufFile gguf) {
        return fromGguf(gguf, null);
    }

    /**
     * The decoder a GGUF model file describes, frozen, with {@code adapter}'s terms added to its projections: only the
     * adapter trains. The embedding, the projections and the head stay as the file stores them (quantised or not,
     * mapped, never copied to float32); the norms and biases are read into float32.
     */
    public static TrainableDecoder fromGguf(GgufFile gguf, ProjectionAdapter adapter) {
        ModelConfig config = ModelConfig.fromGguf(gguf);
        ModelWeights weights = ModelWeights.load(gguf, config);
        boolean tied = weights.output() == weights.tokenEmbedding();
        TrainableDecoder decoder = new TrainableDecoder(config, tied, 0f, 0, weights.ropeFactors(), adapter,
                adapter == null ? null : weights);
        if (decoder.stored == null) {
            copy(weights.tokenEmbedding(), decoder.tokenEmbedding);
        }
        for (int i = 0; i < config.layers(); i++) {
            LayerWeights from = weights.layers()[i];
            DecoderBlock to = decoder.blocks.get(i);
            copy(from.attentionNorm(), to.attentionNorm());
            copy(from.ffnNorm(), to.ffnNorm());
            if (config.qkvBias()) {
                copy(from.queryBias(), to.queryBias());
                copy(from.keyBias(), to.keyBias());
                copy(from.valueBias(), to.valueBias());
            }
            if (decoder.stored == null) {
                copy(from.query(), to.query());
                copy(from.key(), to.key());
                copy(from.value(), to.value());
                copy(from.output(), to.output());
                copy(from.gate(), to.gate());
                copy(from.up(), to.up());
                copy(from.down(), to.down());
            }
        }
        copy(weights.outputNorm(), decoder.outputNorm);
        if (!tied && decoder.stored == null) {
            copy(weights.output(), decoder.output);
        }
        return decoder;
    }

    public ModelConfig config() {
        return config;
    }

    /**
     * Activation recomputation: when on, a pass keeps each block's input and output only, and the backward pass
     * computes every block's forward again, one block at a time, before passing the gradient through it. The
     * activations held drop from all blocks' to one block's, for one more forward pass of the blocks (about a third
     * more arithmetic). Losses and gradients are the same bits as without it, except that dropout draws its masks from
     * a stream per block (a run with dropout is as reproducible, but not equal to one without recomputation). The
     * loss holds its logits 16 MiB at a time either way ({@link ProjectedCrossEntropy}).
     * Evaluation passes (no gradients, not training) go block by block either way: they keep the blocks' outputs only.
     */
    public TrainableDecoder recomputeBlocks(boolean enabled) {
        this.recomputeBlocks = enabled;
        return this;
    }

    /**
     * The loss computes the logits of this many rows at a time, again in the backward pass when the rows take more
     * than one chunk ({@link ProjectedCrossEntropy}, which refuses fewer than one); 16 MiB of them unless a test asks
     * for others.
     */
    TrainableDecoder logitChunkRows(int rows) {
        this.logitChunkRows = rows;
        return this;
    }

    /** Bytes held by the workspace of the blocks computed on their own tape (0 when none was). */
    long blockWorkspaceBytes() {
        return blockTape == null ? 0 : blockTape.workspace().bytes();
    }

    /** Every trainable tensor, by its GGUF name, for an optimiser or a checkpoint (the adapter's when frozen). */
    public ParameterSet parameters() {
        return parameters;
    }

    /**
     * The logits [T, vocabulary] at every position of one sequence that starts at position 0 (an adapter that needs a
     * condition refuses: see {@link #logits(Tape, int[], float[])}).
     */
    public Tensor logits(Tape tape, int[] tokens) {
        return logits(tape, tokens, (float[]) null);
    }

    /** The logits of one sequence from position 0 for an adapter conditioned on {@code condition}. */
    public Tensor logits(Tape tape, int[] tokens, float[] condition) {
        begin(tape, condition);
        if (tokens.length < 1) {
            throw new IllegalArgumentException("a forward pass needs at least one token");
        }
        int[] positions = tape.workspace().takeInts(tokens.length);
        for (int t = 0; t < tokens.length; t++) {
            positions[t] = t;
        }
        Tensor normed = hidden(tape, tokens, positions, new int[] {0, tokens.length});
        return stored == null ? MatMul.matmul(tape, normed, output, false, true) : FrozenProjection.apply(tape, normed, stored.output());
    }

    /** {@link #loss(Tape, List)} of one training sequence. */
    public Tensor loss(Tape tape, TrainingSequence sequence) {
        return loss(tape, List.of(sequence));
    }

    /**
     * The mean next-token cross-entropy over the loss tokens of {@code sequences}, computed in one forward pass with
     * the sequences packed one after another: each attends only to itself and takes positions from 0, so the value is
     * the token-weighted mean of the sequences' own losses. The sequences share one condition (the adapter's, or
     * none): a conditioned adapter changes the projections per sequence.
     */
    public Tensor loss(Tape tape, List<TrainingSequence> sequences) {
        if (sequences.isEmpty()) {
            throw new IllegalArgumentException("a loss needs at least one sequence");
        }
        float[] condition = sequences.getFirst().condition();
        int rows = 0;
        for (TrainingSequence sequence : sequences) {
            if (!Arrays.equals(condition, sequence.condition())) {
                throw new IllegalArgumentException("sequences in one pass must share their adapter condition");
            }
            checkSequence(sequence.tokens(), sequence.lossMask());
            rows += sequence.predictions();
        }
        begin(tape, condition);
        int[] inputs = tape.workspace().takeInts(rows);
        int[] positions = tape.workspace().takeInts(rows);
        int[] targets = tape.workspace().takeInts(rows);
        float[] mask = tape.workspace().take(rows);
        int[] bounds = new int[sequences.size() + 1];
        int row = 0;
        for (int s = 0; s < sequences.size(); s++) {
            int[] tokens = sequences.get(s).tokens();
            float[] lossMask = sequences.get(s).lossMask();
            int n = sequences.get(s).predictions();
            System.arraycopy(tokens, 0, inputs, row, n);
            System.arraycopy(tokens, 1, targets, row, n);
            for (int t = 0; t < n; t++) {
                positions[row + t] = t;
                mask[row + t] = lossMask == null ? 1f : lossMask[t + 1];
            }
            row += n;
            bounds[s + 1] = row;
        }
        return ProjectedCrossEntropy.apply(tape, hidden(tape, inputs, positions, bounds), head, targets, mask, logitChunkRows);
    }

    private void begin(Tape tape, float[] condition) {
        passes++;
        if (adapter != null) {
            adapter.begin(tape, condition);
        }
    }

    /**
     * The mean next-token cross-entropy of one sequence: position t predicts {@code tokens[t + 1]}, counted where
     * {@code lossMask[t + 1]} is 1 — the answer tokens of a prompt–answer pair, so that the prompt only conditions.
     * A null mask trains on every token after the first.
     */
    public Tensor loss(Tape tape, int[] tokens, float[] lossMask) {
        checkSequence(tokens, lossMask);
        int count = 0;
        if (lossMask == null) {
            count = tokens.length - 1;
        } else {
            for (int t = 1; t < lossMask.length; t++) {
                count += lossMask[t] != 0f ? 1 : 0;
            }
        }
        return loss(tape, new TrainingSequence(tokens, lossMask, count));
    }

    private static void checkSequence(int[] tokens, float[] lossMask) {
        if (tokens.length < 2 || (lossMask != null && lossMask.length != tokens.length)) {
            throw new IllegalArgumentException("a loss needs at least two tokens and one mask value per token; got "
                    + tokens.length + " tokens and " + (lossMask == null ? "no" : lossMask.length) + " mask values");
        }
    }

    /**
     * The last hidden states (after the output norm) at every row of {@code tokens}: sequences packed at
     * {@code bounds}, each row at its position.
     */
    private Tensor hidden(Tape tape, int[] tokens, int[] positions, int[] bounds) {
        int count = bounds[bounds.length - 1];
        for (int t = 0; t < count; t++) {
            if (tokens[t] < 0 || tokens[t] >= config.vocabulary()) {
                throw new IllegalArgumentException("token " + tokens[t] + " is outside the vocabulary of " + config.vocabulary());
            }
        }
        Tensor x = stored == null ? Shaping.gatherRows(tape, tokenEmbedding, tokens, count)
                : FrozenEmbedding.rows(tape, stored.tokenEmbedding(), tokens, count);
        // An evaluation pass (no gradients, no dropout) needs no block's activations once the block is done.
        boolean blockByBlock = recomputeBlocks || !tape.gradients() && !tape.training();
        for (int layer = 0; layer < blocks.size(); layer++) {
            x = blockByBlock ? blockOnItsOwnTape(tape, layer, x, positions, bounds)
                    : block(tape, layer, blocks.get(layer), x, positions, bounds);
        }
        return Norms.rmsNorm(tape, x, outputNorm, config.rmsEpsilon());
    }

    /**
     * {@link #block} of {@code x} computed on the block tape without gradients, its output copied onto {@code tape};
     * when {@code tape} records, with a backward step that computes the block again, this time recording, and passes
     * the output's gradient through it to {@code x} and the parameters. Both passes draw dropout from one seed.
     */
    private Tensor blockOnItsOwnTape(Tape tape, int layer, Tensor x, int[] positions, int[] bounds) {
        if (blockTape == null) {
            blockTape = new Tape();
        }
        DecoderBlock b = blocks.get(layer);
        long seed = tape.random().nextLong();
        boolean training = tape.training();
        blockTape.reset().gradients(false).training(training).seed(seed);
        Tensor computed = block(blockTape, layer, b, x, positions, bounds);
        Tensor y = tape.result(true, computed.shape());
        System.arraycopy(computed.data(), 0, y.data(), 0, y.size());
        if (!y.requiresGrad()) {
            return y;
        }
        long pass = passes;
        tape.record(() -> {
            // The recomputation reads the adapter's state of now (a bank's route): it must still be this pass's.
            if (passes != pass) {
                throw new IllegalStateException("another forward pass ran on this decoder before the backward pass of "
                        + "a pass with recomputed blocks");
            }
            blockTape.reset().gradients(true).training(training).seed(seed);
            Tensor input = x.requiresGrad() ? Tensor.withGradient(x.data(), x.grad(), x.shape())
                    : Tensor.constant(x.data(), x.shape());
            Tensor recomputed = block(blockTape, layer, b, input, positions, bounds);
            if (recomputed.requiresGrad()) {
                blockTape.backward(recomputed, y.grad());
            }
        });
        return y;
    }

    /** x + attention(norm(x)), then that + SwiGLU(norm(that)). */
    private Tensor block(Tape tape, int layer, DecoderBlock b, Tensor x, int[] positions, int[] bounds) {
        float eps = config.rmsEpsilon();
        Tensor normed = Norms.rmsNorm(tape, x, b.attentionNorm(), eps);
        Tensor q = rotated(tape, project(tape, layer, Projection.QUERY, normed, b.query(), b.queryBias()),
                config.heads(), positions);
        Tensor k = rotated(tape, project(tape, layer, Projection.KEY, normed, b.key(), b.keyBias()),
                config.kvHeads(), positions);
        Tensor v = project(tape, layer, Projection.VALUE, normed, b.value(), b.valueBias());
        Tensor attended = PackedCausalAttention.apply(tape, q, k, v, config.heads(), config.kvHeads(), bounds);
        Tensor h = Elementwise.add(tape, x, project(tape, layer, Projection.OUTPUT, attended, b.output(), null));
        Tensor ffnIn = Norms.rmsNorm(tape, h, b.ffnNorm(), eps);
        Tensor gate = Activations.silu(tape, project(tape, layer, Projection.GATE, ffnIn, b.gate(), null));
        Tensor up = project(tape, layer, Projection.UP, ffnIn, b.up(), null);
        return Elementwise.add(tape, h, project(tape, layer, Projection.DOWN, Elementwise.mul(tape, gate, up), b.down(), null));
    }

    /** x · weightᵀ (+ bias), plus the adapter's term for this projection. */
    private Tensor project(Tape tape, int layer, Projection projection, Tensor x, Tensor weight, Tensor bias) {
        Tensor y = weight == null ? FrozenProjection.apply(tape, x, storedMatrix(stored.layers()[layer], projection))
                : MatMul.matmul(tape, x, weight, false, true);
        if (bias != null) {
            y = Elementwise.add(tape, y, bias);
        }
        return adapter == null ? y : adapter.adapt(tape, layer, projection, x, y);
    }

    private static WeightMatrix storedMatrix(LayerWeights layer, Projection projection) {
        return switch (projection) {
            case QUERY -> layer.query();
            case KEY -> layer.key();
            case VALUE -> layer.value();
            case OUTPUT -> layer.output();
            case GATE -> layer.gate();
            case UP -> layer.up();
            case DOWN -> layer.down();
        };
    }

    /** [T, heads · headDim] rotated by each row's position, in the same layout. */
    private Tensor rotated(Tape tape, Tensor x, int heads, int[] positions) {
        return rope.apply(tape, x.view(x.dim(0), heads, config.headDim()), positions).view(x.dim(0), heads * config.headDim());
    }

    /** The engine's rotary frequencies: base^(−2i/d), divided by Llama 3.1's per-pair factors and the linear scale. */
    private static float[] frequencies(ModelConfig config, float[] factors) {
        float[] frequencies = RotaryEmbedding.standardFrequencies(config.ropeTheta(), config.ropeDimensions());
        for (int i = 0; i < frequencies.length; i++) {
            frequencies[i] /= (factors == null ? 1f : factors[i]) * config.ropeScale();
        }
        return frequencies;
    }

    private static void copy(WeightMatrix from, Tensor to) {
        for (int row = 0; row < from.rows(); row++) {
            from.dequantizeRow(row, to.data(), row * from.cols());
        }
    }

    private static void copy(float[] from, Tensor to) {
        System.arraycopy(from, 0, to.data(), 0, to.size());
    }
}
