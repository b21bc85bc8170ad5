package org.recllm.llm.lora;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recllm.core.quant.GgmlType;
import org.recllm.core.tensor.Tape;
import org.recllm.core.tensor.Tensor;
import org.recllm.core.testing.GradientCheck;
import org.recllm.llm.LanguageModel;
import org.recllm.llm.gguf.GgufException;
import org.recllm.llm.gguf.GgufFile;
import org.recllm.llm.gguf.RandomModelSpec;
import org.recllm.llm.gguf.RandomModels;
import org.recllm.llm.model.Logits;
import org.recllm.llm.model.ModelConfig;
import org.recllm.llm.model.SequenceStep;
import org.recllm.llm.train.TrainableDecoder;
import org.recllm.llm.train.TrainingSequence;

/**
 * RecLoRA's bank: gradients of experts and router by finite differences; the engine's routed inference equals the
 * trainable decoder's per sequence, sequences of one batch each routed by their own condition; a bank of equal experts
 * is that one LoRA whatever the routing; the file round-trips and misuse is refused by name.
 */
class LoraBankTest {
    private static final LoraConfig LORA = new LoraConfig(2, 4, 0f, LoraConfig.targets("q,v,down"));
    private static final List<float[]> CONDITIONS = List.of(new float[] {1, 0, 2}, new float[] {-1, 3, 0},
            new float[] {0.5f, -2, 1}, new float[] {2, 1, -1});
    private static final int[] TOKENS = {1, 17, 300, 42, 5, 77, 420, 9};

    @TempDir
    static Path dir;
    static Path base;

    @BeforeAll
    static void model() {
        base = dir.resolve("base.gguf");
        RandomModels.write(new RandomModelSpec("llama", 512, 32, 2, 4, 2, 64, GgmlType.F32, false, 64, 11), base);
    }

    @Test
    void everyExpertAndRouterParameterGetsItsFiniteDifferenceGradient() {
        try (GgufFile gguf = GgufFile.open(base)) {
            TrainableLoraBank bank = bank(gguf, 3, 0.3f);
            TrainableDecoder decoder = TrainableDecoder.fromGguf(gguf, bank);
            Map<String, Tensor> parameters = bank.parameters().dense();
            GradientCheck check = new GradientCheck(4).epsilon(2e-3).tolerance(1e-2, 5e-4).sample(16);
            parameters.values().forEach(check::include);
            float[] answerOnly = {0, 0, 0, 0, 0, 1, 1, 1};
            TrainingSequence sequence = new TrainingSequence(TOKENS, answerOnly, 3, CONDITIONS.get(1));
            check.check(tape -> decoder.loss(tape, sequence));
            parameters.forEach((name, tensor) -> {
                double largest = 0;
                for (int i = 0; i < tensor.size(); i++) {
                    largest = Math.max(largest, Math.abs(tensor.grad()[i]));
                }
                assertTrue(largest > 1e-4, name + " gets a gradient of at most " + largest);
            });
        }
    }

    @Test
    void routedInferenceEqualsTheTrainableDecoderForEachSequenceOfABatch() {
        Path file = dir.resolve("bank.gguf");
        // Long prompts take the packed GEMM and are laid out after the short one: rows must keep their own routes.
        int[][] prompts = {prompt(40, 3), TOKENS, prompt(36, 5)};
        float[][] expected = new float[prompts.length][];
        try (GgufFile gguf = GgufFile.open(base)) {
            TrainableLoraBank bank = bank(gguf, 4, 0.2f);
            TrainableDecoder decoder = TrainableDecoder.fromGguf(gguf, bank);
            for (int s = 0; s < prompts.length; s++) {
                Tensor logits = decoder.logits(new Tape().gradients(false).training(false), prompts[s], CONDITIONS.get(s));
                int last = prompts[s].length - 1;
                expected[s] = java.util.Arrays.copyOfRange(logits.data(), last * 512, (last + 1) * 512);
            }
            bank.write(file, "test bank");
        }
        try (LanguageModel llm = LanguageModel.openWithBank(base, file)) {
            List<SequenceStep> steps = new java.util.ArrayList<>();
            for (int s = 0; s < prompts.length; s++) {
                steps.add(new SequenceStep(llm.transformer().newCache(64), prompts[s], 1, CONDITIONS.get(s)));
            }
            Logits logits = llm.transformer().prefill(steps);
            for (int s = 0; s < prompts.length; s++) {
                float[] got = java.util.Arrays.copyOfRange(logits.data(), logits.offset(s), logits.offset(s) + 512);
                assertTrue(maxDifference(expected[s], got) < 1e-4, "sequence " + s + ": " + maxDifference(expected[s], got));
            }
            // The same prompt routed for another user reads differently.
            Logits other = llm.transformer().prefill(List.of(new SequenceStep(llm.transformer().newCache(64), TOKENS, 1,
                    CONDITIONS.get(3))));
            float[] otherUser = java.util.Arrays.copyOfRange(other.data(), other.offset(0), other.offset(0) + 512);
            assertTrue(maxDifference(expected[1], otherUser) > 1e-3, "two users are routed differently");
            var refused = assertThrows(IllegalArgumentException.class,
                    () -> llm.transformer().prefill(List.of(new SequenceStep(llm.transformer().newCache(16), TOKENS))));
            assertTrue(refused.getMessage().contains("user representation"), refused.getMessage());
        }
        GgufException asLora = assertThrows(GgufException.class, () -> LanguageModel.open(base, file));
        assertTrue(asLora.getMessage().contains("--reclora"), asLora.getMessage());
    }

    @Test
    void aBankOfEqualExpertsIsThatOneLoraWhateverTheRouting() {
        try (GgufFile gguf = GgufFile.open(base)) {
            ModelConfig config = ModelConfig.fromGguf(gguf);
            TrainableLoraBank bank = bank(gguf, 3, 0.3f);
            TrainableLora single = new TrainableLora(config, "llama", LORA, 1);
            // Every expert takes expert 0's factors; the single LoRA too.
            bank.parameters().dense().forEach((name, t) -> {
                Tensor target = single.parameters().dense().get(name);
                if (name.endsWith(".lora_a")) {
                    int block = LORA.rank() * t.dim(1);
                    for (int e = 1; e < 3; e++) {
                        System.arraycopy(t.data(), 0, t.data(), e * block, block);
                    }
                    System.arraycopy(t.data(), 0, target.data(), 0, block);
                } else if (name.endsWith(".lora_b")) {
                    int width = t.dim(1);
                    for (int row = 0; row < t.dim(0); row++) {
                        for (int e = 1; e < 3; e++) {
                            System.arraycopy(t.data(), row * width, t.data(), row * width + e * LORA.rank(), LORA.rank());
                        }
                        System.arraycopy(t.data(), row * width, target.data(), row * LORA.rank(), LORA.rank());
                    }
                }
            });
            float[] expected = TrainableDecoder.fromGguf(gguf, single).logits(new Tape().gradients(false), TOKENS).toArray();
            float[] plain = TrainableDecoder.fromGguf(gguf).logits(new Tape().gradients(false), TOKENS).toArray();
            assertTrue(maxDifference(expected, plain) > 1e-3, "the LoRA changes the base");
            TrainableDecoder routed = TrainableDecoder.fromGguf(gguf, bank);
            for (float[] condition : CONDITIONS) {
                float[] got = routed.logits(new Tape().gradients(false), TOKENS, condition).toArray();
                assertTrue(maxDifference(expected, got) < 1e-4, "condition " + java.util.Arrays.toString(condition));
            }
        }
    }

    @Test
    void theFileRoundTripsAndIsNotTakenForAPlainAdapter() {
        Path file = dir.resolve("round.gguf");
        try (GgufFile gguf = GgufFile.open(base)) {
            TrainableLoraBank trained = bank(gguf, 3, 0.1f);
            LoraBank written = trained.bank();
            LoraBankFile.write(written, "round", file);
            LoraBank read = LoraBankFile.read(file, gguf);
            assertEquals(3, read.experts());
            assertEquals(LORA.rank(), read.rank());
            assertEquals(LORA.alpha(), read.alpha());
            assertEquals("ctr bundle v1", read.routerSource());
            assertArrayEquals(written.router().weight(), read.router().weight());
            assertArrayEquals(written.router().bias(), read.router().bias());
            assertArrayEquals(written.router().mean(), read.router().mean());
            assertArrayEquals(written.router().deviation(), read.router().deviation());
            assertEquals(written.pairs().keySet(), read.pairs().keySet());
            for (LoraPair pair : written.pairs().values()) {
                assertArrayEquals(pair.a(), read.pairs().get(pair.weight()).a());
                assertArrayEquals(pair.b(), read.pairs().get(pair.weight()).b());
            }
            assertEquals(new LoraBankFile.Header("ctr bundle v1", CONDITIONS.getFirst().length, 3), LoraBankFile.header(file));
            GgufException notBank = assertThrows(GgufException.class, () -> LoraBankFile.header(base));
            assertTrue(notBank.getMessage().contains("is not a RecLoRA bank"), notBank.getMessage());
            GgufException asLora = assertThrows(GgufException.class, () -> LoraAdapterFile.read(file, gguf));
            assertTrue(asLora.getMessage().contains("round.gguf") && asLora.getMessage().contains("adapter.type = reclora"),
                    asLora.getMessage());
        }
    }

    @Test
    void theReaderRefusesARouterItCannotUseByTensorName() {
        Path file = dir.resolve("flat.gguf");
        try (GgufFile gguf = GgufFile.open(base)) {
            LoraBank good = bank(gguf, 2, 0.1f).bank();
            BankRouter r = good.router();
            float[] zeroDeviation = r.deviation().clone();
            zeroDeviation[1] = 0;
            LoraBank flat = new LoraBank(good.architecture(), good.alpha(), good.rank(), good.experts(), good.pairs(),
                    new BankRouter(r.experts(), r.inputs(), r.weight(), r.bias(), r.mean(), zeroDeviation), good.routerSource());
            LoraBankFile.write(flat, "flat", file);
            GgufException e = assertThrows(GgufException.class, () -> LoraBankFile.read(file, gguf));
            assertTrue(e.getMessage().contains("flat.gguf") && e.getMessage().contains("reclora.condition.deviation"), e.getMessage());
        }
    }

    @Test
    void theRouterStandardisesItsInputAndMixesWithWeightsThatSumToOne() {
        float[][] standardisation = BankRouter.standardisation(List.of(new float[] {1, 5}, new float[] {3, 5}), 2);
        assertArrayEquals(new float[] {2, 5}, standardisation[0]);
        assertArrayEquals(new float[] {1, 1}, standardisation[1], "a constant dimension keeps deviation 1");
        BankRouter router = new BankRouter(2, 2, new float[] {1, 0, -1, 0}, new float[] {0, 0}, standardisation[0],
                standardisation[1]);
        float[] weights = new float[2];
        router.route(new float[] {3, 5}, weights, 0);
        // z = (1, 0): logits (1, −1), softmax (e² / (e² + 1), 1 / (e² + 1)).
        assertEquals(Math.exp(2) / (Math.exp(2) + 1), weights[0], 1e-6);
        assertEquals(1, weights[0] + weights[1], 1e-6);
        assertThrows(IllegalArgumentException.class, () -> router.route(new float[] {1}, weights, 0));
    }

    private static TrainableLoraBank bank(GgufFile gguf, int experts, float scale) {
        TrainableLoraBank bank = new TrainableLoraBank(ModelConfig.fromGguf(gguf), "llama", LORA, experts, CONDITIONS,
                "ctr bundle v1", 3);
        // Non-zero B, as training leaves it (a fresh bank equals the base whatever its routing).
        SplittableRandom random = new SplittableRandom(17);
        bank.parameters().dense().forEach((name, t) -> {
            if (name.endsWith(".lora_b") || name.endsWith(".lora_a") || name.equals(LoraBankFile.ROUTER_BIAS)) {
                for (int i = 0; i < t.size(); i++) {
                    t.data()[i] = (float) (random.nextDouble() - 0.5) * 2 * scale;
                }
            }
        });
        return bank;
    }

    /** {@code length} tokens from {@code seed}, inside the random model's vocabulary. */
    private static int[] prompt(int length, int seed) {
        int[] tokens = new int[length];
        for (int i = 0; i < length; i++) {
            tokens[i] = 1 + (i * 37 + seed * 101) % 500;
        }
        return tokens;
    }

    private static double maxDifference(float[] a, float[] b) {
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            worst = Math.max(worst, Math.abs(a[i] - b[i]));
        }
        return worst;
    }
}
