package org.recllm.llm.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.recllm.core.optim.Optimizer;
import org.recllm.core.optim.OptimizerConfig;
import org.recllm.core.tensor.Tape;
import org.recllm.llm.model.ModelConfig;
import org.recllm.llm.model.RopeStyle;

/** AdamW on the trainable decoder memorises a tiny corpus of prompt–answer pairs, trained on the answers only. */
class MemorisationTest {

    @Test
    void adamwDrivesTheAnswerLossDown() {
        ModelConfig config = new ModelConfig("llama", 32, 2, 4, 2, 8, 64, 23, 64, 1e-5f, 10000f, 8, 1f, RopeStyle.NORMAL, false);
        TrainableDecoder decoder = TrainableDecoder.random(config, true, 0.02f, 3);
        // Two prompts (tokens 1..6 then separator 7) each with its own repetitive answer.
        int[][] sequences = {
                {1, 2, 3, 4, 5, 6, 7, 10, 11, 12, 10, 11, 12, 10, 11, 12, 20},
                {6, 5, 4, 3, 2, 1, 7, 15, 16, 17, 18, 15, 16, 17, 18, 15, 21}};
        float[] answer = new float[sequences[0].length];
        for (int i = 7; i < answer.length; i++) {
            answer[i] = 1f;
        }
        Optimizer adamw = new Optimizer(decoder.parameters(),
                OptimizerConfig.adam(1e-2f).withKind(OptimizerConfig.Kind.ADAMW).withDecay(0.01f, 0f).withClipNorm(1f));
        Tape tape = new Tape();
        double first = meanLoss(decoder, tape, sequences, answer, null);
        for (int step = 0; step < 300; step++) {
            meanLoss(decoder, tape, sequences, answer, adamw);
        }
        double last = meanLoss(decoder, tape, sequences, answer, null);
        assertTrue(first > 2.5, "an untrained model guesses among 23 tokens (ln 23 = 3.14): " + first);
        assertTrue(last < first / 1000, "after 300 steps the answer loss fell from " + first + " to " + last);
    }

    /** The mean loss over the sequences; with an optimiser, accumulates their gradients and takes one step. */
    private static double meanLoss(TrainableDecoder decoder, Tape tape, int[][] sequences, float[] mask, Optimizer optimizer) {
        double total = 0;
        for (int[] sequence : sequences) {
            tape.reset().gradients(optimizer != null);
            var loss = decoder.loss(tape, sequence, mask);
            total += loss.item();
            if (optimizer != null) {
                tape.backward(loss);
            }
        }
        if (optimizer != null) {
            optimizer.step(optimizer.config().learningRate());
        }
        return total / sequences.length;
    }
}
