package org.recllm.llm.gguf;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.recllm.core.quant.GgmlType;

/**
 * Writes a model GGUF with random weights, laid out as llama.cpp lays out llama, qwen2 and mistral models: its tensor
 * names, shapes (ggml order: dims[0] is the input features) and metadata keys, plus a synthetic tokenizer
 * ({@link GgufVocabulary}). Tests and benchmarks get models of any size without downloads.
 *
 * <p>Each tensor's values are generated while the file is written, a chunk of rows at a time, from a random stream
 * seeded by the model seed and the tensor's name: a 500M-parameter F32 model (2 GB) never sits in memory, and a tensor
 * has the same values whatever else the model holds.
 */
public final class RandomModels {
    private RandomModels() {}

    /** Writes {@code spec}'s model to {@code path} atomically. */
    public static void write(RandomModelSpec spec, Path path) {
        GgufWriter gguf = new GgufWriter();
        describe(spec, gguf);
        GgufVocabulary.forArchitecture(spec.architecture(), spec.vocab()).writeTo(gguf);
        addTensors(spec, gguf);
        gguf.write(path);
    }

    private static void describe(RandomModelSpec spec, GgufWriter gguf) {
        String arch = spec.ggufArchitecture();
        boolean qwen = spec.architecture().equals("qwen2");
        gguf.putString("general.architecture", arch);
        gguf.putString("general.name", "random " + spec.architecture() + " " + spec.parameterCount() + " parameters, seed " + spec.seed());
        gguf.putUInt32("general.file_type", LlamaFileType.of(spec.weightType()));
        gguf.putUInt32(arch + ".context_length", spec.contextLength());
        gguf.putUInt32(arch + ".embedding_length", spec.dim());
        gguf.putUInt32(arch + ".feed_forward_length", spec.ff());
        gguf.putUInt32(arch + ".block_count", spec.layers());
        gguf.putUInt32(arch + ".attention.head_count", spec.heads());
        gguf.putUInt32(arch + ".attention.head_count_kv", spec.kvHeads());
        gguf.putUInt32(arch + ".rope.dimension_count", spec.headDim());
        // The published models' values: Llama 2 and Mistral v0.1 rotate at 10^4 and use ε 1e-5; Qwen2 10^6 and 1e-6.
        gguf.putFloat32(arch + ".rope.freq_base", qwen ? 1_000_000f : 10_000f);
        gguf.putFloat32(arch + ".attention.layer_norm_rms_epsilon", qwen ? 1e-6f : 1e-5f);
    }

    private static void addTensors(RandomModelSpec spec, GgufWriter gguf) {
        int dim = spec.dim();
        int kvDim = spec.kvDim();
        GgmlType type = spec.weightType();
        // Embeddings at GPT-2's 0.02 scale; projections at 1/√(inputs) so activations stay of order one at any depth.
        matrix(gguf, spec, "token_embd.weight", dim, spec.vocab(), type, 0.02);
        for (int i = 0; i < spec.layers(); i++) {
            String blk = "blk." + i + ".";
            norm(gguf, spec, blk + "attn_norm.weight", dim);
            matrix(gguf, spec, blk + "attn_q.weight", dim, dim, type, projection(dim));
            matrix(gguf, spec, blk + "attn_k.weight", dim, kvDim, type, projection(dim));
            matrix(gguf, spec, blk + "attn_v.weight", dim, kvDim, type, projection(dim));
            if (spec.attentionBiases()) {
                vector(gguf, spec, blk + "attn_q.bias", dim, 0, 0.02);
                vector(gguf, spec, blk + "attn_k.bias", kvDim, 0, 0.02);
                vector(gguf, spec, blk + "attn_v.bias", kvDim, 0, 0.02);
            }
            matrix(gguf, spec, blk + "attn_output.weight", dim, dim, type, projection(dim));
            norm(gguf, spec, blk + "ffn_norm.weight", dim);
            matrix(gguf, spec, blk + "ffn_gate.weight", dim, spec.ff(), type, projection(dim));
            matrix(gguf, spec, blk + "ffn_up.weight", dim, spec.ff(), type, projection(dim));
            matrix(gguf, spec, blk + "ffn_down.weight", spec.ff(), dim, type, projection(spec.ff()));
        }
        norm(gguf, spec, "output_norm.weight", dim);
        if (!spec.tiedEmbeddings()) {
            matrix(gguf, spec, "output.weight", dim, spec.vocab(), type, projection(dim));
        }
    }

    private static double projection(int inputs) {
        return 1 / Math.sqrt(inputs);
    }

    /** A [inputs, outputs] matrix (ggml order) of uniform values with standard deviation {@code std}. */
    private static void matrix(GgufWriter gguf, RandomModelSpec spec, String name, int inputs, int outputs, GgmlType type, double std) {
        gguf.addTensor(name, type, new long[] {inputs, outputs}, uniform(spec, name, 0, std));
    }

    /** RMSNorm gains near one, as trained models have them. */
    private static void norm(GgufWriter gguf, RandomModelSpec spec, String name, int n) {
        vector(gguf, spec, name, n, 1, 0.1);
    }

    private static void vector(GgufWriter gguf, RandomModelSpec spec, String name, int n, double mean, double std) {
        gguf.addTensor(name, GgmlType.F32, new long[] {n}, uniform(spec, name, mean, std));
    }

    /**
     * Uniform values around {@code mean} with standard deviation {@code std} (half-width √3·std), from a stream of the
     * seed and the tensor's name, drawn in element order as the writer asks for them.
     */
    private static GgufWriter.TensorValues uniform(RandomModelSpec spec, String name, double mean, double std) {
        SplittableRandom random = new SplittableRandom(spec.seed() * 0x9E3779B97F4A7C15L + nameHash(name));
        double halfWidth = Math.sqrt(3) * std;
        return (first, chunk, length) -> {
            for (int i = 0; i < length; i++) {
                chunk[i] = (float) (mean + (random.nextDouble() * 2 - 1) * halfWidth);
            }
        };
    }

    /** A 64-bit FNV-1a hash of the name: String.hashCode's 32 bits would let distinct tensors share streams more often. */
    private static long nameHash(String name) {
        long hash = 0xCBF29CE484222325L;
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            hash = (hash ^ (b & 0xFF)) * 0x100000001B3L;
        }
        return hash;
    }
}
