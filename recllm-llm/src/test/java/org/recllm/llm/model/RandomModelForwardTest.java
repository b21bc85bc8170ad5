package org.recllm.llm.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.recllm.core.quant.ActivationPrecision;
import org.recllm.core.quant.GgmlType;
import org.recllm.core.quant.RowMatrix;
import org.recllm.llm.LanguageModel;
import org.recllm.llm.gguf.RandomModelSpec;
import org.recllm.llm.gguf.RandomModels;

/**
 * Every architecture and weight type through the one forward path: a multi-position pass equals token-by-token
 * decoding, and quantised weights stay close to the float32 model they were made from.
 */
class RandomModelForwardTest {
    @TempDir
    static Path dir;

    @ParameterizedTest
    @CsvSource({"llama,F32", "llama,Q8_0", "llama,Q4_K", "qwen2,F32", "qwen2,Q4_0", "qwen2,Q6_K", "mistral,F16", "mistral,BF16"})
    void multiPositionPassesEqualStepwiseDecoding(String architecture, GgmlType type) {
        Path file = dir.resolve(architecture + "-" + type + ".gguf");
        RandomModels.write(spec(architecture, type, 3), file);
        try (LanguageModel llm = LanguageModel.open(file)) {
            Transformer model = llm.transformer();
            assertEquals(architecture.equals("qwen2"), model.config().qkvBias());
            assertEquals(architecture.equals("qwen2") ? RopeStyle.NEOX : RopeStyle.NORMAL, model.config().ropeStyle());
            int[] tokens = {1, 17, 300, 42, 42, 99, 5, 250};
            KvCache stepwise = model.newCache(16);
            float[][] expected = new float[tokens.length][];
            for (int i = 0; i < tokens.length; i++) {
                expected[i] = model.decode(stepwise, tokens[i]).row(0);
            }
            Logits all = model.logitsAll(model.newCache(16), tokens);
            for (int i = 0; i < tokens.length; i++) {
                double max = 0;
                for (int v = 0; v < expected[i].length; v++) {
                    max = Math.max(max, Math.abs(expected[i][v] - all.data()[all.offset(i) + v]));
                }
                // Bit for bit: strict speculative decoding relies on it (up to 31 positions; 32 and more take the packed GEMM).
                assertEquals(0, max, architecture + " " + type + " position " + i + ": max difference " + max);
            }
        }
    }

    /**
     * Tolerance: four times the type's relative RMS weight error on Gaussian rows (Q8_0 0.005, Q6_K 0.019, Q4_K 0.080,
     * Q4_0 0.087, BF16 about 0.004, F16 about 0.0005): two random layers amplify weight error about threefold. 8-bit
     * activations (llama.cpp's scheme) add about as much error as Q8_0 weights; float types ignore the precision.
     */
    @ParameterizedTest
    @CsvSource({"Q8_0,0.02,FLOAT32", "Q6_K,0.08,FLOAT32", "Q4_0,0.35,FLOAT32", "Q4_K,0.32,FLOAT32", "F16,0.002,INT8",
            "BF16,0.016,INT8", "Q8_0,0.04,INT8", "Q6_K,0.1,INT8", "Q4_0,0.37,INT8", "Q4_K,0.34,INT8"})
    void quantisedLogitsTrackTheFloat32Model(GgmlType type, double tolerance, ActivationPrecision precision) {
        Path reference = dir.resolve("reference.gguf");
        Path quantised = dir.resolve("quantised-" + type + ".gguf");
        RandomModels.write(spec("llama", GgmlType.F32, 8), reference);
        RandomModels.write(spec("llama", type, 8), quantised);
        int[] tokens = {1, 40, 41, 42};
        try (LanguageModel exact = LanguageModel.open(reference); LanguageModel approx = LanguageModel.open(quantised, null, precision)) {
            float[] a = exact.transformer().prefill(exact.transformer().newCache(8), tokens).row(0);
            float[] b = approx.transformer().prefill(approx.transformer().newCache(8), tokens).row(0);
            double error = 0;
            double scale = 0;
            for (int v = 0; v < a.length; v++) {
                error += (a[v] - b[v]) * (a[v] - b[v]);
                scale += a[v] * a[v];
            }
            assertTrue(Math.sqrt(error / scale) < tolerance, type + " " + precision + ": relative logit error " + Math.sqrt(error / scale));
        }
    }

    /**
     * Batch invariance: the logits of a decoding step and of a verification step are the very ones they get alone,
     * whatever shares their pass — here a 40-token prompt, which takes the packed GEMM — and so is the prompt's.
     */
    @ParameterizedTest
    @CsvSource({"F32", "Q8_0", "Q4_K"})
    void aPassGivesEachSequenceTheLogitsItGetsAlone(GgmlType type) {
        Path file = dir.resolve("invariance-" + type + ".gguf");
        RandomModels.write(spec("llama", type, 5), file);
        try (LanguageModel llm = LanguageModel.open(file)) {
            Transformer model = llm.transformer();
            int[] prefix = {1, 17, 300, 42};
            int[] draft = {99, 7, 250};
            int[] longPrompt = new int[RowMatrix.GEMM_INPUTS + 8];
            for (int i = 0; i < longPrompt.length; i++) {
                longPrompt[i] = (i * 37 + 11) % 512;
            }
            KvCache decoding = model.newCache(64);
            model.prefill(decoding, prefix);
            float[] decodeAlone = model.decode(decoding, 5).row(0);
            KvCache verifying = model.newCache(64);
            model.prefill(verifying, prefix);
            float[][] verifyAlone = new float[draft.length][];
            for (int i = 0; i < draft.length; i++) {
                verifyAlone[i] = model.decode(verifying, draft[i]).row(0);
            }
            float[] promptAlone = model.prefill(model.newCache(64), longPrompt).row(0);

            KvCache decodingTogether = model.newCache(64);
            model.prefill(decodingTogether, prefix);
            KvCache verifyingTogether = model.newCache(64);
            model.prefill(verifyingTogether, prefix);
            Logits together = model.prefill(List.of(new SequenceStep(decodingTogether, new int[] {5}),
                    new SequenceStep(model.newCache(64), longPrompt),
                    new SequenceStep(verifyingTogether, draft, draft.length)));
            assertEquals(2 + draft.length, together.rows());
            assertArrayEquals(decodeAlone, together.row(0), type + ": decoding step");
            assertArrayEquals(promptAlone, together.row(1), type + ": long prompt");
            for (int i = 0; i < draft.length; i++) {
                assertArrayEquals(verifyAlone[i], together.row(2 + i), type + ": verified position " + i);
            }
        }
    }

    /** The tiny preset, widened to 256 (a K-quant super-block) so every type's rows hold whole blocks. */
    private static RandomModelSpec spec(String architecture, GgmlType type, long seed) {
        return new RandomModelSpec(architecture, 512, 256, 2, 4, 2, 512, type, false, 256, seed);
    }
}
