package org.recllm.llm.model;

import org.recllm.llm.gguf.GgufException;
import org.recllm.llm.gguf.GgufFile;
import org.recllm.llm.gguf.GgufMetadata;
import org.recllm.llm.gguf.GgufWriter;

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

    /**
     * The configuration a GGUF file's metadata gives, checked as it is read: every count positive and within int
     * range, heads that split the width and key/value heads that split the heads, a vocabulary that matches the token
     * embedding. A file that fails is a {@link GgufException} naming the metadata key and what was expected.
     */
    public static ModelConfig fromGguf(GgufFile gguf) {
        GgufMetadata meta = gguf.metadata();
        String arch = meta.string("general.architecture");
        RopeStyle style = switch (arch) {
            case "llama", "mistral" -> RopeStyle.NORMAL;
            case "qwen2" -> RopeStyle.NEOX;
            default -> throw new GgufException(gguf.path(), -1, "architecture '" + arch
                    + "' is not supported; RecLLM runs llama, mistral and qwen2");
        };
        String headsKey = arch + ".attention.head_count";
        String kvHeadsKey = arch + ".attention.head_count_kv";
        String dimKey = arch + ".embedding_length";
        int dim = count(gguf, dimKey);
        int heads = count(gguf, headsKey);
        int kvHeads = count(gguf, kvHeadsKey, heads);
        if (heads % kvHeads != 0) {
            throw invalid(gguf, kvHeadsKey, kvHeads, "expected a divisor of " + headsKey + " (" + heads + ")");
        }
        String headDimKey = arch + ".attention.key_length";
        if (!meta.has(headDimKey) && dim % heads != 0) {
            throw invalid(gguf, dimKey, dim, "expected a multiple of " + headsKey + " (" + heads + ")");
        }
        int headDim = count(gguf, headDimKey, dim / heads);
        if ((long) heads * headDim > Integer.MAX_VALUE) {
            // The query width heads × headDim sizes every attention buffer; wrapped, it could even match a real tensor.
            throw invalid(gguf, headDimKey, headDim, "expected at most " + Integer.MAX_VALUE / heads + " (" + Integer.MAX_VALUE
                    + " / " + headsKey + " " + heads + ")");
        }
        String ropeKey = arch + ".rope.dimension_count";
        int ropeDimensions = count(gguf, ropeKey, headDim);
        if (ropeDimensions > headDim || ropeDimensions % 2 != 0) {
            throw invalid(gguf, ropeKey, ropeDimensions, "expected an even count of at most the head size " + headDim);
        }
        String scaling = meta.string(arch + ".rope.scaling.type", "none");
        float scale = scaling.equals("linear") ? positive(gguf, arch + ".rope.scaling.factor", 1) : 1f;
        return new ModelConfig(arch, dim, count(gguf, arch + ".block_count"), heads, kvHeads, headDim,
                count(gguf, arch + ".feed_forward_length"), vocabulary(gguf), count(gguf, arch + ".context_length", 2048),
                positive(gguf, arch + ".attention.layer_norm_rms_epsilon", 1e-5), positive(gguf, arch + ".rope.freq_base", 10000),
                ropeDimensions, scale, style, gguf.hasTensor("blk.0.attn_q.bias"));
    }

    /** Writes the architecture keys {@link #fromGguf} reads back, as llama.cpp names them. */
    public void writeTo(GgufWriter gguf) {
        String arch = architecture;
        gguf.putString("general.architecture", arch);
        gguf.putUInt32(arch + ".vocab_size", vocabulary);
        gguf.putUInt32(arch + ".context_length", contextLength);
        gguf.putUInt32(arch + ".embedding_length", dim);
        gguf.putUInt32(arch + ".feed_forward_length", ffn);
        gguf.putUInt32(arch + ".block_count", layers);
        gguf.putUInt32(arch + ".attention.head_count", heads);
        gguf.putUInt32(arch + ".attention.head_count_kv", kvHeads);
        if (headDim * heads != dim) {
            gguf.putUInt32(arch + ".attention.key_length", headDim);
            gguf.putUInt32(arch + ".attention.value_length", headDim);
        }
        gguf.putUInt32(arch + ".rope.dimension_count", ropeDimensions);
        gguf.putFloat32(arch + ".rope.freq_base", ropeTheta);
        if (ropeScale != 1f) {
            gguf.putString(arch + ".rope.scaling.type", "linear");
            gguf.putFloat32(arch + ".rope.scaling.factor", ropeScale);
        }
        gguf.putFloat32(arch + ".attention.layer_norm_rms_epsilon", rmsEpsilon);
    }

    /** The token embedding's rows, which the tokenizer's vocabulary (when the file has one) must match. */
    private static int vocabulary(GgufFile gguf) {
        String tokensKey = "tokenizer.ggml.tokens";
        if (!gguf.hasTensor("token_embd.weight")) {
            return gguf.metadata().strings(tokensKey).length;
        }
        int rows = gguf.matrix("token_embd.weight").rows();
        if (gguf.metadata().has(tokensKey) && gguf.metadata().strings(tokensKey).length != rows) {
            throw new GgufException(gguf.path(), -1, "metadata key '" + tokensKey + "' lists "
                    + gguf.metadata().strings(tokensKey).length + " tokens; expected one per row of tensor 'token_embd.weight' ("
                    + rows + ")");
        }
        return rows;
    }

    private static int count(GgufFile gguf, String key) {
        return checkedCount(gguf, key, gguf.metadata().integer(key));
    }

    private static int count(GgufFile gguf, String key, int fallback) {
        return checkedCount(gguf, key, gguf.metadata().integer(key, fallback));
    }

    private static int checkedCount(GgufFile gguf, String key, long value) {
        if (value < 1 || value > Integer.MAX_VALUE) {
            throw invalid(gguf, key, value, "expected a count from 1 to " + Integer.MAX_VALUE);
        }
        return (int) value;
    }

    private static float positive(GgufFile gguf, String key, double fallback) {
        double value = gguf.metadata().real(key, fallback);
        if (!(value > 0) || Double.isInfinite(value)) {
            throw invalid(gguf, key, value, "expected a positive number");
        }
        return (float) value;
    }

    private static GgufException invalid(GgufFile gguf, String key, Object value, String expected) {
        return new GgufException(gguf.path(), -1, "metadata key '" + key + "' is " + value + "; " + expected);
    }
}
