package org.recllm.llm.model;

import org.recllm.core.quant.WeightMatrix;
import org.recllm.llm.gguf.GgufException;
import org.recllm.llm.gguf.GgufFile;

/**
 * All weights of a decoder, as views of the memory-mapped GGUF file (norms and biases, tiny, are copied to the heap).
 * Models without an {@code output.weight} tie it to the token embedding.
 *
 * @param ropeFactors  per-frequency divisors (Llama 3.1's {@code rope_freqs.weight}), or null
 * @param conditioning what routes the projections by each sequence's condition (a RecLoRA bank), or null
 */
public record ModelWeights(WeightMatrix tokenEmbedding, float[] outputNorm, WeightMatrix output, LayerWeights[] layers,
                           float[] ropeFactors, RowConditioning conditioning) {

    public ModelWeights(WeightMatrix tokenEmbedding, float[] outputNorm, WeightMatrix output, LayerWeights[] layers,
                        float[] ropeFactors) {
        this(tokenEmbedding, outputNorm, output, layers, ropeFactors, null);
    }

    public static ModelWeights load(GgufFile gguf, ModelConfig config) {
        LayerWeights[] layers = new LayerWeights[config.layers()];
        for (int i = 0; i < layers.length; i++) {
            String p = "blk." + i + ".";
            layers[i] = new LayerWeights(vector(gguf, p + "attn_norm.weight", config.dim()),
                    checked(gguf, p + "attn_q.weight", config.dim(), config.heads() * config.headDim()),
                    checked(gguf, p + "attn_k.weight", config.dim(), config.kvDim()),
                    checked(gguf, p + "attn_v.weight", config.dim(), config.kvDim()),
                    checked(gguf, p + "attn_output.weight", config.heads() * config.headDim(), config.dim()),
                    config.qkvBias() ? vector(gguf, p + "attn_q.bias", config.heads() * config.headDim()) : null,
                    config.qkvBias() ? vector(gguf, p + "attn_k.bias", config.kvDim()) : null,
                    config.qkvBias() ? vector(gguf, p + "attn_v.bias", config.kvDim()) : null,
                    vector(gguf, p + "ffn_norm.weight", config.dim()),
                    checked(gguf, p + "ffn_gate.weight", config.dim(), config.ffn()),
                    checked(gguf, p + "ffn_up.weight", config.dim(), config.ffn()),
                    checked(gguf, p + "ffn_down.weight", config.ffn(), config.dim()));
        }
        WeightMatrix embedding = checked(gguf, "token_embd.weight", config.dim(), config.vocabulary());
        WeightMatrix output = gguf.hasTensor("output.weight")
                ? checked(gguf, "output.weight", config.dim(), config.vocabulary()) : embedding;
        // One divisor per rotated pair.
        float[] ropeFactors = gguf.hasTensor("rope_freqs.weight")
                ? vector(gguf, "rope_freqs.weight", config.ropeDimensions() / 2) : null;
        return new ModelWeights(embedding, vector(gguf, "output_norm.weight", config.dim()), output, layers, ropeFactors);
    }

    /** The vector {@code name} of {@code length} values, or an error naming the mismatch. */
    private static float[] vector(GgufFile gguf, String name, int length) {
        long values = gguf.tensor(name).elements();
        if (values != length) {
            throw new GgufException(gguf.path(), -1, "tensor '" + name + "' has " + values + " values; the model's metadata needs "
                    + length);
        }
        return gguf.vector(name);
    }

    /** The matrix {@code name} with {@code in} input and {@code out} output features, or an error naming the mismatch. */
    private static WeightMatrix checked(GgufFile gguf, String name, int in, int out) {
        WeightMatrix matrix = gguf.matrix(name);
        if (matrix.cols() != in || matrix.rows() != out) {
            throw new GgufException(gguf.path(), -1, "tensor '" + name + "' is " + matrix.cols() + " → " + matrix.rows()
                    + "; the model's metadata needs " + in + " → " + out);
        }
        return matrix;
    }
}
