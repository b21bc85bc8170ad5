package org.recllm.llm.train;

import java.util.Locale;
import org.recllm.llm.model.ModelConfig;
import org.recllm.llm.model.RopeStyle;

/**
 * Small Llama shapes to train from scratch, with a tied output head (at these sizes the head would otherwise be a
 * large share of the parameters). Head dimension 32 or 64, grouped-query attention, SwiGLU width about 2.7 × dim.
 */
public enum DecoderPreset {
    /** About 1.3M parameters with a 4,096-token vocabulary. */
    TINY(128, 4, 4, 2, 352, 256),
    /** About 11.0M. */
    SMALL(384, 6, 6, 2, 1024, 512),
    /** About 32M. */
    MEDIUM(512, 10, 8, 4, 1408, 512);

    private final int dim;
    private final int layers;
    private final int heads;
    private final int kvHeads;
    private final int ffn;
    private final int context;

    DecoderPreset(int dim, int layers, int heads, int kvHeads, int ffn, int context) {
        this.dim = dim;
        this.layers = layers;
        this.heads = heads;
        this.kvHeads = kvHeads;
        this.ffn = ffn;
        this.context = context;
    }

    /** The configuration for a tokenizer of {@code vocabulary} tokens (Llama 2's rope base and norm epsilon). */
    public ModelConfig config(int vocabulary) {
        int headDim = dim / heads;
        return new ModelConfig("llama", dim, layers, heads, kvHeads, headDim, ffn, vocabulary, context, 1e-5f, 10000f,
                headDim, 1f, RopeStyle.NORMAL, false);
    }

    /** Trainable parameters with a tied head: embedding plus, per layer, attention, SwiGLU and two norm gains. */
    public long parameters(int vocabulary) {
        long kvDim = (long) kvHeads * (dim / heads);
        long perLayer = 2L * dim * dim + 2 * dim * kvDim + 3L * dim * ffn + 2L * dim;
        return (long) vocabulary * dim + layers * perLayer + dim;
    }

    /** One line for --help: the shape and the parameter count at {@code vocabulary}. */
    public String describe(int vocabulary) {
        return String.format(Locale.ROOT, "%s: dim %d, %d layers, %d heads over %d key/value heads, ffn %d, context %d, "
                        + "%.1fM parameters at a %,d-token vocabulary", name().toLowerCase(Locale.ROOT), dim, layers, heads,
                kvHeads, ffn, context, parameters(vocabulary) / 1e6, vocabulary);
    }
}
