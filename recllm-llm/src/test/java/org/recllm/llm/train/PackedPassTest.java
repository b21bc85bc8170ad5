package org.recllm.llm.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.recllm.core.ops.Elementwise;
import org.recllm.core.tensor.Tape;
import org.recllm.core.tensor.Tensor;
import org.recllm.core.testing.Agreement;
import org.recllm.core.testing.GradientCheck;
import org.recllm.llm.model.ModelConfig;
import org.recllm.llm.model.RopeStyle;

/**
 * Several sequences in one forward pass: the loss is the token-weighted mean of their separate losses and every
 * parameter's gradient the same weighted sum, so packing changes the speed of a step, not what it learns.
 */
class PackedPassTest {
    private static final ModelConfig CONFIG =
            new ModelConfig("llama", 16, 2, 4, 2, 4, 24, 23, 80, 1e-5f, 10000f, 4, 1f, RopeStyle.NORMAL, false);
    /** Lengths 6, 2 and 70 (past a query block of the attention), masked differently. */
    private static final List<TrainingSequence> SEQUENCES = List.of(
            new TrainingSequence(new int[] {1, 7, 0, 22, 7, 13}, new float[] {0, 0, 0, 1, 1, 1}, 3),
            new TrainingSequence(new int[] {3, 4}, null, 1),
            longSequence());

    @Test
    void lossAndGradientsAreTheTokenWeightedMeanOfTheSequences() {
        TrainableDecoder decoder = TrainableDecoder.random(CONFIG, true, 0.2f, 3);
        Map<String, Tensor> parameters = decoder.parameters().dense();
        long lossTokens = SEQUENCES.stream().mapToLong(TrainingSequence::lossTokens).sum();

        double separate = 0;
        for (TrainingSequence sequence : SEQUENCES) {
            Tape tape = new Tape();
            Tensor loss = decoder.loss(tape, sequence);
            separate += (double) loss.item() * sequence.lossTokens() / lossTokens;
            tape.backward(Elementwise.scale(tape, loss, (float) sequence.lossTokens() / lossTokens));
        }
        Map<String, float[]> separateGradients = new LinkedHashMap<>();
        parameters.forEach((name, tensor) -> {
            separateGradients.put(name, tensor.grad().clone());
            tensor.zeroGrad();
        });

        Tape tape = new Tape();
        Tensor packed = decoder.loss(tape, SEQUENCES);
        tape.backward(packed);
        assertEquals(separate, packed.item(), 1e-6 * Math.abs(separate));
        parameters.forEach((name, tensor) -> Agreement.assertClose(name, separateGradients.get(name), tensor.grad(),
                tensor.size(), 1e-4, 1e-7));
    }

    @Test
    void gradientsOfAPackedPassMatchFiniteDifferences() {
        TrainableDecoder decoder = TrainableDecoder.random(CONFIG, false, 0.3f, 5);
        GradientCheck check = new GradientCheck(4).epsilon(2e-3).tolerance(1e-2, 5e-4).sample(16);
        decoder.parameters().dense().values().forEach(check::include);
        check.check(tape -> decoder.loss(tape, SEQUENCES.subList(0, 2)));
    }

    @Test
    void refusesSequencesWithDifferentConditions() {
        TrainableDecoder decoder = TrainableDecoder.random(CONFIG, true, 0.2f, 3);
        List<TrainingSequence> mixed = List.of(SEQUENCES.get(0).withCondition(new float[] {1}),
                SEQUENCES.get(1).withCondition(new float[] {2}));
        assertThrows(IllegalArgumentException.class, () -> decoder.loss(new Tape(), mixed));
    }

    private static TrainingSequence longSequence() {
        int[] tokens = new int[70];
        float[] mask = new float[70];
        for (int t = 0; t < tokens.length; t++) {
            tokens[t] = (t * 7 + 3) % CONFIG.vocabulary();
            mask[t] = t >= 10 ? 1f : 0f;
        }
        return new TrainingSequence(tokens, mask, 60);
    }
}
