package org.recllm.llm.gguf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.recllm.core.quant.GgmlType;
import org.recllm.core.quant.WeightMatrix;

/** Random models carry llama.cpp's tensor names, shapes and metadata keys, a usable tokenizer, and reproducible weights. */
class RandomModelsTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({"llama, F32, false", "llama, Q4_0, true", "qwen2, Q8_0, false", "qwen2, BF16, true", "mistral, F16, false"})
    void tensorsAndMetadataAreWhatLlamaCppExpects(String architecture, GgmlType type, boolean tied) {
        RandomModelSpec tiny = RandomModelSpec.tiny(architecture, type, 42);
        RandomModelSpec spec = new RandomModelSpec(architecture, tiny.vocab(), tiny.dim(), tiny.layers(), tiny.heads(),
                tiny.kvHeads(), tiny.ff(), type, tied, tiny.contextLength(), 42);
        Path file = dir.resolve(architecture + ".gguf");
        RandomModels.write(spec, file);
        try (GgufFile gguf = GgufFile.open(file)) {
            GgufMetadata meta = gguf.metadata();
            String arch = architecture.equals("qwen2") ? "qwen2" : "llama";
            assertEquals(arch, meta.string("general.architecture"));
            assertEquals(256, meta.integer(arch + ".context_length"));
            assertEquals(64, meta.integer(arch + ".embedding_length"));
            assertEquals(128, meta.integer(arch + ".feed_forward_length"));
            assertEquals(2, meta.integer(arch + ".block_count"));
            assertEquals(4, meta.integer(arch + ".attention.head_count"));
            assertEquals(2, meta.integer(arch + ".attention.head_count_kv"));
            assertEquals(16, meta.integer(arch + ".rope.dimension_count"));
            assertEquals(arch.equals("qwen2") ? 1e6 : 1e4, meta.real(arch + ".rope.freq_base"));
            assertEquals(arch.equals("qwen2") ? 1e-6 : 1e-5, meta.real(arch + ".attention.layer_norm_rms_epsilon"), 1e-12);

            Map<String, Object[]> expected = expectedTensors(spec);
            assertEquals(expected.keySet(), gguf.tensors().keySet());
            long parameters = 0;
            for (GgufTensorInfo info : gguf.tensors().values()) {
                Object[] e = expected.get(info.name());
                assertArrayEquals((long[]) e[0], info.dims(), info.name());
                assertEquals(e[1], info.type(), info.name());
                parameters += info.elements();
            }
            assertEquals(spec.parameterCount(), parameters);
            assertEquals(!tied, gguf.hasTensor("output.weight"));

            WeightMatrix q = gguf.matrix("blk.1.attn_q.weight");
            assertEquals(64, q.rows());
            assertEquals(64, q.cols());
            WeightMatrix down = gguf.matrix("blk.0.ffn_down.weight");
            assertEquals(64, down.rows());
            assertEquals(128, down.cols());
            float[] out = new float[64];
            float[] x = new float[128];
            Arrays.fill(x, 1);
            down.matVec(x, 0, out, 0);
            assertTrue(Float.isFinite(out[0]) && out[0] != 0);
            float[] norm = gguf.vector("blk.0.attn_norm.weight");
            for (float g : norm) {
                assertTrue(g > 0.8f && g < 1.2f, "norm gains near one");
            }
            checkTokenizer(meta, spec);
        }
    }

    private static void checkTokenizer(GgufMetadata meta, RandomModelSpec spec) {
        String[] tokens = meta.strings("tokenizer.ggml.tokens");
        int[] types = meta.ints("tokenizer.ggml.token_type");
        assertEquals(spec.vocab(), tokens.length);
        assertEquals(spec.vocab(), types.length);
        assertEquals(tokens.length, new HashSet<>(List.of(tokens)).size(), "tokens are unique");
        int bos = (int) meta.integer("tokenizer.ggml.bos_token_id");
        int eos = (int) meta.integer("tokenizer.ggml.eos_token_id");
        assertEquals(GgufVocabulary.CONTROL, types[bos]);
        assertEquals(GgufVocabulary.CONTROL, types[eos]);
        if (spec.architecture().equals("qwen2")) {
            assertEquals("gpt2", meta.string("tokenizer.ggml.model"));
            assertEquals("qwen2", meta.string("tokenizer.ggml.pre"));
            assertEquals("Ġ", tokens[GgufVocabulary.gpt2Index(' ')]);
            assertEquals("!", tokens[0]);
            assertEquals("<|endoftext|>", tokens[bos]);
            assertEquals("<|im_end|>", tokens[eos]);
            String[] merges = meta.strings("tokenizer.ggml.merges");
            assertEquals(spec.vocab() - 256 - 3, merges.length);
            Set<String> known = new HashSet<>(List.of(tokens).subList(0, 256));
            for (int m = 0; m < merges.length; m++) {
                String[] parts = merges[m].split(" ");
                assertEquals(2, parts.length, merges[m]);
                assertTrue(known.contains(parts[0]) && known.contains(parts[1]), "merge " + m + " joins earlier tokens: " + merges[m]);
                assertEquals(parts[0] + parts[1], tokens[256 + m]);
                known.add(tokens[256 + m]);
            }
            assertFalse(meta.bool("tokenizer.ggml.add_bos_token", true));
        } else {
            assertEquals("llama", meta.string("tokenizer.ggml.model"));
            assertEquals(List.of("<unk>", "<s>", "</s>", "<0x00>"), List.of(tokens).subList(0, 4));
            assertEquals("<0xFF>", tokens[258]);
            assertEquals("▁", tokens[259]);
            assertEquals("▁a", tokens[260]);
            assertEquals("a", tokens[261]);
            assertEquals(GgufVocabulary.UNKNOWN, types[0]);
            assertEquals(GgufVocabulary.BYTE, types[3]);
            assertEquals(GgufVocabulary.NORMAL, types[260]);
            float[] scores = meta.floats("tokenizer.ggml.scores");
            assertEquals(spec.vocab(), scores.length);
            assertTrue(scores[260] > scores[300]);
            assertEquals(1, bos);
            assertEquals(2, eos);
            assertEquals(0, meta.integer("tokenizer.ggml.unknown_token_id"));
        }
    }

    /** name → {dims in ggml order, type}, as llama.cpp names and shapes them. */
    private static Map<String, Object[]> expectedTensors(RandomModelSpec spec) {
        Map<String, Object[]> tensors = new LinkedHashMap<>();
        long dim = spec.dim();
        long kv = spec.kvDim();
        GgmlType w = spec.weightType();
        tensors.put("token_embd.weight", new Object[] {new long[] {dim, spec.vocab()}, w});
        tensors.put("output_norm.weight", new Object[] {new long[] {dim}, GgmlType.F32});
        if (!spec.tiedEmbeddings()) {
            tensors.put("output.weight", new Object[] {new long[] {dim, spec.vocab()}, w});
        }
        for (int i = 0; i < spec.layers(); i++) {
            String blk = "blk." + i + ".";
            tensors.put(blk + "attn_norm.weight", new Object[] {new long[] {dim}, GgmlType.F32});
            tensors.put(blk + "attn_q.weight", new Object[] {new long[] {dim, (long) spec.heads() * spec.headDim()}, w});
            tensors.put(blk + "attn_k.weight", new Object[] {new long[] {dim, kv}, w});
            tensors.put(blk + "attn_v.weight", new Object[] {new long[] {dim, kv}, w});
            tensors.put(blk + "attn_output.weight", new Object[] {new long[] {(long) spec.heads() * spec.headDim(), dim}, w});
            tensors.put(blk + "ffn_norm.weight", new Object[] {new long[] {dim}, GgmlType.F32});
            tensors.put(blk + "ffn_gate.weight", new Object[] {new long[] {dim, spec.ff()}, w});
            tensors.put(blk + "ffn_up.weight", new Object[] {new long[] {dim, spec.ff()}, w});
            tensors.put(blk + "ffn_down.weight", new Object[] {new long[] {spec.ff(), dim}, w});
            if (spec.architecture().equals("qwen2")) {
                tensors.put(blk + "attn_q.bias", new Object[] {new long[] {dim}, GgmlType.F32});
                tensors.put(blk + "attn_k.bias", new Object[] {new long[] {kv}, GgmlType.F32});
                tensors.put(blk + "attn_v.bias", new Object[] {new long[] {kv}, GgmlType.F32});
            }
        }
        return tensors;
    }

    @Test
    void weightsAreReproducibleAndDependOnlyOnSeedAndTensorName() throws IOException {
        RandomModelSpec spec = RandomModelSpec.tiny("llama", GgmlType.F32, 7);
        Path a = dir.resolve("a.gguf");
        Path b = dir.resolve("b.gguf");
        RandomModels.write(spec, a);
        RandomModels.write(spec, b);
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b), "same spec, same bytes");
        RandomModelSpec deeper = new RandomModelSpec("llama", spec.vocab(), spec.dim(), 3, spec.heads(), spec.kvHeads(), spec.ff(),
                GgmlType.F32, false, spec.contextLength(), 7);
        Path c = dir.resolve("c.gguf");
        RandomModels.write(deeper, c);
        Path d = dir.resolve("d.gguf");
        RandomModels.write(RandomModelSpec.tiny("llama", GgmlType.F32, 8), d);
        try (GgufFile first = GgufFile.open(a); GgufFile third = GgufFile.open(c); GgufFile other = GgufFile.open(d)) {
            for (String name : List.of("token_embd.weight", "blk.1.ffn_up.weight", "output_norm.weight")) {
                assertArrayEquals(values(first, name), values(third, name), name + " does not depend on the layer count");
                assertFalse(Arrays.equals(values(first, name), values(other, name)), name + " depends on the seed");
            }
            assertFalse(Arrays.equals(values(first, "blk.0.attn_q.weight"), values(first, "blk.0.attn_k.weight")));
            float[] q = values(first, "blk.0.attn_q.weight");
            double sumSquares = 0;
            for (float v : q) {
                sumSquares += v * v;
            }
            assertEquals(1 / Math.sqrt(64), Math.sqrt(sumSquares / q.length), 0.01, "projection scale 1/sqrt(inputs)");
        }
    }

    /** The same seed gives the same underlying values in every storage type: each stored model is the F32 one, quantised. */
    @ParameterizedTest
    @CsvSource({"F16, 0.001", "BF16, 0.005", "Q8_0, 0.01", "Q4_0, 0.15", "Q4_K, 0.12", "Q6_K, 0.03"})
    void everyWeightTypeStoresTheSameModelWithinItsPrecision(GgmlType type, double maxRelativeRms) {
        Path reference = dir.resolve("f32.gguf");
        Path stored = dir.resolve(type + ".gguf");
        RandomModels.write(new RandomModelSpec("qwen2", 300, 256, 1, 4, 2, 512, GgmlType.F32, false, 64, 5), reference);
        RandomModels.write(new RandomModelSpec("qwen2", 300, 256, 1, 4, 2, 512, type, false, 64, 5), stored);
        try (GgufFile f32 = GgufFile.open(reference); GgufFile quantised = GgufFile.open(stored)) {
            assertEquals(f32.tensors().keySet(), quantised.tensors().keySet());
            for (String name : List.of("token_embd.weight", "blk.0.attn_k.weight", "blk.0.ffn_down.weight", "output.weight")) {
                assertEquals(type, quantised.tensor(name).type());
                float[] exact = values(f32, name);
                float[] approximate = values(quantised, name);
                double squaredError = 0;
                double squares = 0;
                for (int i = 0; i < exact.length; i++) {
                    squaredError += (exact[i] - approximate[i]) * (double) (exact[i] - approximate[i]);
                    squares += exact[i] * (double) exact[i];
                }
                double relative = Math.sqrt(squaredError / squares);
                assertTrue(relative < maxRelativeRms, type + " " + name + ": relative RMS error " + relative);
            }
            assertArrayEquals(f32.vector("blk.0.attn_q.bias"), quantised.vector("blk.0.attn_q.bias"), "biases stay F32");
        }
    }

    @Test
    void presetParameterCountsAreAsDocumented() {
        assertEquals(109_529_856L, RandomModelSpec.about100M(GgmlType.Q8_0, 1).parameterCount());
        assertEquals(516_814_080L, RandomModelSpec.about500M(GgmlType.F32, 1).parameterCount());
        RandomModelSpec qwen = RandomModelSpec.tiny("qwen2", GgmlType.F32, 1);
        // Tiny qwen2: embeddings and output 2·512·64, final norm 64, per layer 2·64² + 2·64·32 + biases 64 + 2·32 + 3·64·128 + 2·64.
        assertEquals(2L * 512 * 64 + 64 + 2 * (2L * 64 * 64 + 2L * 64 * 32 + 64 + 64 + 3L * 64 * 128 + 128), qwen.parameterCount());
    }

    @Test
    void specsThatCannotBeLaidOutAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new RandomModelSpec("gpt-j", 512, 64, 1, 4, 4, 128, GgmlType.F32, false, 64, 1));
        assertThrows(IllegalArgumentException.class, () -> new RandomModelSpec("llama", 512, 64, 1, 5, 5, 128, GgmlType.F32, false, 64, 1));
        assertThrows(IllegalArgumentException.class, () -> new RandomModelSpec("llama", 512, 64, 1, 4, 3, 128, GgmlType.F32, false, 64, 1));
        assertThrows(IllegalArgumentException.class, () -> new RandomModelSpec("llama", 512, 48, 1, 4, 4, 128, GgmlType.Q8_0, false, 64, 1));
        assertThrows(IllegalArgumentException.class, () -> new RandomModelSpec("llama", 100, 64, 1, 4, 4, 128, GgmlType.F32, false, 64, 1));
        assertThrows(IllegalArgumentException.class, () -> new RandomModelSpec("llama", 512, 64, 1, 4, 4, 128, GgmlType.Q4_K, false, 64, 1));
        assertThrows(IllegalArgumentException.class, () -> new RandomModelSpec("llama", 512, 60, 1, 4, 4, 128, GgmlType.F32, false, 64, 1),
                "odd head size 15");
    }

    private static float[] values(GgufFile gguf, String name) {
        GgufTensorInfo info = gguf.tensor(name);
        if (info.dims().length == 1) {
            return gguf.vector(name);
        }
        WeightMatrix m = gguf.matrix(name);
        float[] all = new float[m.rows() * m.cols()];
        for (int r = 0; r < m.rows(); r++) {
            m.dequantizeRow(r, all, r * m.cols());
        }
        return all;
    }
}
