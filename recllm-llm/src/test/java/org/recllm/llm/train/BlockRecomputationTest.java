package org.recllm.llm.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recllm.core.quant.GgmlType;
import org.recllm.core.tensor.Tape;
import org.recllm.core.tensor.Tensor;
import org.recllm.core.testing.Agreement;
import org.recllm.core.testing.GradientCheck;
import org.recllm.llm.gguf.GgufFile;
import org.recllm.llm.gguf.RandomModelSpec;
import org.recllm.llm.gguf.RandomModels;
import org.recllm.llm.lora.LoraConfig;
import org.recllm.llm.lora.TrainableLora;
import org.recllm.llm.lora.TrainableLoraBank;
import org.recllm.llm.model.ModelConfig;
import org.recllm.llm.model.RopeStyle;

/**
 * Activation recomputation changes the memory of a pass, not what it computes: the loss and every gradient are the
 * same bits with and without it (full training, LoRA, a RecLoRA bank routed by a condition), also when the loss takes
 * its logits in chunks, which itself changes them by rounding only; with dropout its gradients still match finite
 * differences, and the activations held shrink to about one block's; an evaluation pass goes block by block whatever
 * the setting.
 */
class BlockRecomputationTest {
    private static final ModelConfig CONFIG =
            new ModelConfig("llama", 32, 6, 4, 2, 8, 64, 40, 96, 1e-5f, 10000f, 8, 1f, RopeStyle.NORMAL, false);
    private static final LoraConfig LORA = new LoraConfig(2, 4, 0f, LoraConfig.targets("q,k,v,o,gate,up,down"));

    @TempDir
    Path dir;

    @Test
    void fullTrainingGivesTheSameLossAndGradientsAndHoldsFarLess() {
        List<TrainingSequence> sequences = sequences(CONFIG.vocabulary(), null);
        TrainableDecoder decoder = TrainableDecoder.random(CONFIG, false, 0.2f, 3);
        Tape plain = new Tape();
        Map<String, float[]> expected = gradients(decoder, plain, tape -> decoder.loss(tape, sequences));

        decoder.recomputeBlocks(true);
        Tape recomputing = new Tape();
        Map<String, float[]> got = gradients(decoder, recomputing, tape -> decoder.loss(tape, sequences));
        expected.forEach((name, gradient) -> assertArrayEquals(gradient, got.get(name), name));

        long held = recomputing.workspace().bytes() + decoder.blockWorkspaceBytes();
        long heldWithout = plain.workspace().bytes();
        // Six blocks' activations against one block's plus the six blocks' outputs and their gradients.
        assertTrue(held < heldWithout * 0.45, "held " + held + " bytes with recomputation, " + heldWithout + " without");
    }

    @Test
    void anEvaluationPassGoesBlockByBlockToTheSameLoss() {
        List<TrainingSequence> sequences = sequences(CONFIG.vocabulary(), null);
        TrainableDecoder decoder = TrainableDecoder.random(CONFIG, true, 0.2f, 4);
        Tape recording = new Tape().gradients(true).training(false);
        float recorded = decoder.loss(recording, sequences).item();
        Tape evaluation = new Tape().gradients(false).training(false);
        assertEquals(recorded, decoder.loss(evaluation, sequences).item(), 0f);
        long held = evaluation.workspace().bytes() + decoder.blockWorkspaceBytes();
        assertTrue(held < recording.workspace().bytes() * 0.3, held + " bytes held by evaluation, "
                + recording.workspace().bytes() + " by a recording pass");
    }

    @Test
    void aFrozenBaseWithLoraOrARoutedBankGivesTheSameGradients() {
        try (GgufFile gguf = base(new RandomModelSpec("llama", 300, 32, 3, 4, 2, 64, GgmlType.Q8_0, false, 96, 11))) {
            ModelConfig config = ModelConfig.fromGguf(gguf);
            List<TrainingSequence> plain = sequences(config.vocabulary(), null);
            compare(() -> TrainableDecoder.fromGguf(gguf, trained(new TrainableLora(config, "llama", LORA, 5))), plain);
            List<float[]> conditions = List.of(new float[] {1, 0, 2}, new float[] {-1, 3, 0});
            List<TrainingSequence> routed = sequences(config.vocabulary(), conditions.get(1));
            compare(() -> TrainableDecoder.fromGguf(gguf, trained(new TrainableLoraBank(config, "llama", LORA, 3,
                    conditions, "test", 5))), routed);
        }
    }

    @Test
    void withDropoutTheRecomputedGradientsMatchFiniteDifferences() {
        try (GgufFile gguf = base(new RandomModelSpec("llama", 300, 16, 2, 2, 2, 32, GgmlType.F32, false, 64, 13))) {
            ModelConfig config = ModelConfig.fromGguf(gguf);
            TrainableLora lora = trained(new TrainableLora(config, "llama",
                    new LoraConfig(2, 4, 0.3f, LoraConfig.targets("q,v,down")), 5));
            TrainableDecoder decoder = TrainableDecoder.fromGguf(gguf, lora).recomputeBlocks(true);
            List<TrainingSequence> sequences = sequences(config.vocabulary(), null).subList(0, 2);
            GradientCheck check = new GradientCheck(4).epsilon(2e-3).tolerance(1e-2, 5e-4).sample(16);
            lora.parameters().dense().values().forEach(check::include);
            // The same masks at every evaluation: the pass's stream restarts from one seed.
            check.check(tape -> decoder.loss(tape.training(true).seed(9), sequences));
        }
    }

    @Test
    void anotherPassBeforeTheBackwardPassIsRefused() {
        TrainableDecoder decoder = TrainableDecoder.random(CONFIG, true, 0.2f, 4).recomputeBlocks(true);
        List<TrainingSequence> sequences = sequences(CONFIG.vocabulary(), null);
        Tape first = new Tape();
        Tensor loss = decoder.loss(first, sequences);
        decoder.loss(new Tape(), sequences.subList(0, 1));
        var refused = assertThrows(IllegalStateException.class, () -> first.backward(loss));
        assertTrue(refused.getMessage().contains("another forward pass"), refused.getMessage());
    }

    @Test
    void logitsInChunksGiveTheSameLossAndGradientsUpToRounding() {
        List<TrainingSequence> sequences = sequences(CONFIG.vocabulary(), null);
        for (boolean tied : new boolean[] {false, true}) {
            TrainableDecoder decoder = TrainableDecoder.random(CONFIG, tied, 0.2f, 6);
            Map<String, float[]> expected = gradients(decoder, new Tape(), tape -> decoder.loss(tape, sequences));
            // 75 rows with a loss, in chunks of 8: ten chunks, each computed twice.
            decoder.logitChunkRows(8);
            Map<String, float[]> got = gradients(decoder, new Tape(), tape -> decoder.loss(tape, sequences));
            expected.forEach((name, gradient) -> Agreement.assertClose((tied ? "tied " : "") + name, gradient,
                    got.get(name), gradient.length, 1e-5, 1e-8));
            decoder.recomputeBlocks(true);
            Map<String, float[]> recomputed = gradients(decoder, new Tape(), tape -> decoder.loss(tape, sequences));
            got.forEach((name, gradient) -> assertArrayEquals(gradient, recomputed.get(name), "recomputed " + name));
        }
        try (GgufFile gguf = base(new RandomModelSpec("llama", 300, 32, 3, 4, 2, 64, GgmlType.Q8_0, false, 96, 11))) {
            ModelConfig config = ModelConfig.fromGguf(gguf);
            TrainableLora lora = trained(new TrainableLora(config, "llama", LORA, 5));
            TrainableDecoder decoder = TrainableDecoder.fromGguf(gguf, lora);
            List<TrainingSequence> frozen = sequences(config.vocabulary(), null);
            Map<String, float[]> expected = gradients(decoder, new Tape(), tape -> decoder.loss(tape, frozen));
            decoder.logitChunkRows(5);
            Map<String, float[]> got = gradients(decoder, new Tape(), tape -> decoder.loss(tape, frozen));
            expected.forEach((name, gradient) -> Agreement.assertClose("LoRA " + name, gradient, got.get(name),
                    gradient.length, 1e-5, 1e-8));
        }
    }

    /** A random base model written as {@code spec} says and opened. */
    private GgufFile base(RandomModelSpec spec) {
        Path file = dir.resolve("base.gguf");
        RandomModels.write(spec, file);
        return GgufFile.open(file);
    }

    /** Loss and gradients of a decoder from {@code decoders} with recomputation equal one without, bit for bit. */
    private static void compare(java.util.function.Supplier<TrainableDecoder> decoders, List<TrainingSequence> sequences) {
        TrainableDecoder plain = decoders.get();
        Map<String, float[]> expected = gradients(plain, new Tape(), tape -> plain.loss(tape, sequences));
        TrainableDecoder recomputing = decoders.get().recomputeBlocks(true);
        Map<String, float[]> got = gradients(recomputing, new Tape(), tape -> recomputing.loss(tape, sequences));
        assertEquals(expected.keySet(), got.keySet());
        expected.forEach((name, gradient) -> assertArrayEquals(gradient, got.get(name), name));
    }

    /** The loss's bits (under key "loss") and every parameter's gradient after one backward pass on {@code tape}. */
    private static Map<String, float[]> gradients(TrainableDecoder decoder, Tape tape, Function<Tape, Tensor> loss) {
        decoder.parameters().dense().values().forEach(Tensor::zeroGrad);
        Tensor value = loss.apply(tape.reset().gradients(true).training(true).seed(1));
        Map<String, float[]> result = new LinkedHashMap<>();
        result.put("loss", new float[] {value.item()});
        tape.backward(value);
        decoder.parameters().dense().forEach((name, tensor) -> result.put(name, tensor.grad().clone()));
        return result;
    }

    /** Non-zero LoRA factors, as training leaves them (fresh ones have B = 0 and give A no gradient). */
    private static <A extends TrainableAdapter> A trained(A adapter) {
        java.util.SplittableRandom random = new java.util.SplittableRandom(17);
        adapter.parameters().dense().values().forEach(t -> {
            for (int i = 0; i < t.size(); i++) {
                t.data()[i] += (float) (random.nextDouble() - 0.5) * 0.4f;
            }
        });
        return adapter;
    }

    /** Three sequences of lengths 9, 3 and 70 (past an attention block), the first answer-only. */
    private static List<TrainingSequence> sequences(int vocabulary, float[] condition) {
        int[] longTokens = new int[70];
        for (int t = 0; t < longTokens.length; t++) {
            longTokens[t] = (t * 7 + 3) % vocabulary;
        }
        return List.of(
                new TrainingSequence(new int[] {1, 7, 0, 22, 7, 13, 2, 9, 30}, new float[] {0, 0, 0, 0, 0, 1, 1, 1, 1}, 4, condition),
                new TrainingSequence(new int[] {3, 4, 5}, null, 2, condition),
                new TrainingSequence(longTokens, null, 69, condition));
    }
}
