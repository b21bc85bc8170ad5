package org.recllm.llm.model;

import org.recllm.llm.gguf.GgufException;
import org.recllm.llm.gguf.GgufFile;
import org.recllm.llm.gguf.GgufMetadata;

/**
 * The hyper-parameters of a Llama-family decoder (Llama 1–3, Mistral, Qwen2/2.5) as GGUF metadata gives them; one
 * forward pass serves them all, switched by these fields rather than by a class per family.
 *
 * @param ropeDimensions how many dimensions of each head rotate (the rest pass through)
 * @param ropeScale      linear RoPE scaling factor (positions are divided by it); 1 for none
 * @param qkvBias        whether Q, K and V projections have biases (Qwen2)
 */
public record ModelConfig(String architecture, int dim, int layers, int heads, int kvHeads, int headDim, int ffn,
                          int vocabulary, int contextLength, float rmsEpsilon, float ropeTheta, int ropeDimensions,
                          float ropeScale, RopeStyle ropeStyle, boolean qkvBias) {

    public ModelConfig {
        if (dim <= 0 || layers <= 0 || heads <= 0 || kvHeads <= 0 || heads % kvHeads != 0 || headDim <= 0) {
            throw new IllegalArgumentException("implausible model shape: dim " + dim + ", layers " + layers + ", heads "
                    + heads + ", kv heads " + kvHeads + ", head dim " + headDim);
        }
        if (ropeDimensions <= 0 || ropeDimensions > headDim || ropeDimensions % 2 != 0) {
            throw new IllegalArgumentException("rope dimensions " + ropeDimensions + " must be even and at most the head dim " + headDim);
        }
    }

    /** Width of the K and V projections: kvHeads × headDim. */
    public int kvDim() {
        return kvHeads * headDim;
    }

    /**
     * How many new tokens may follow a prompt of {@code promptTokens} so that the whole sequence fits the context;
     * at least one, or an error when the prompt alone fills it.
     */
    public int roomAfter(int promptTokens) {
        if (promptTokens >= contextLength) {
            throw new IllegalArgumentException("a prompt of " + promptTokens + " tokens leaves no room in the model's context of "
                    + contextLength + " tokens");
        }
        return contextLength - promptTokens;
    }

    public static ModelConfig fromGguf(GgufFile gguf) {
        GgufMetadata meta = gguf.metadata();
        String arch = meta.string("general.architecture");
        RopeStyle style = switch (arch) {
            case "llama", "mistral" -> RopeStyle.NORMAL;
            case "qwen2" -> RopeStyle.NEOX;
            default -> throw new GgufException(gguf.path(), -1, "architecture '" + arch
                    + "' is not supported; RecLLM runs llama, mistral and qwen2");
        };
        int dim = (int) meta.integer(arch + ".embedding_length");
        int heads = (int) meta.integer(arch + ".attention.head_count");
        int headDim = (int) meta.integer(arch + ".attention.key_length", dim / heads);
        int vocabulary = gguf.hasTensor("token_embd.weight")
                ? (int) gguf.tensor("token_embd.weight").dims()[1] : meta.strings("tokenizer.ggml.tokens").length;
        String scaling = meta.string(arch + ".rope.scaling.type", "none");
        float scale = scaling.equals("linear") ? (float) meta.real(arch + ".rope.scaling.factor", 1) : 1f;
        return new ModelConfig(arch, dim, (int) meta.integer(arch + ".block_count"), heads,
                (int) meta.integer(arch + ".attention.head_count_kv", heads), headDim,
                (int) meta.integer(arch + ".feed_forward_length"), vocabulary,
                (int) meta.integer(arch + ".context_length", 2048),
                (float) meta.real(arch + ".attention.layer_norm_rms_epsilon", 1e-5),
                (float) meta.real(arch + ".rope.freq_base", 10000), (int) meta.integer(arch + ".rope.dimension_count", headDim),
                scale, style, gguf.hasTensor("blk.0.attn_q.bias"));
    }
}
