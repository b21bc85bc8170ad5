package org.recllm.llm.lora;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recllm.core.io.BadInputException;
import org.recllm.core.tensor.Tensor;
import org.recllm.core.testing.SharedData;
import org.recllm.llm.LanguageModel;
import org.recllm.llm.train.CorpusExample;
import org.recllm.llm.train.LanguageModelTrainer;
import org.recllm.llm.train.TrainableDecoder;
import org.recllm.llm.train.TrainingPlan;
import org.recllm.llm.train.TrainingReport;
import org.recllm.llm.train.TrainingSequence;

/**
 * A LoRA run stopped half-way and resumed (with adapters initialised from another seed, dropout on) ends with the
 * factors and losses of an uninterrupted run, bit for bit; a resume point of another run is refused.
 */
class LoraResumeTest {
    private static final Path MODEL = SharedData.require("models/stories260K.gguf");
    private static final TrainingPlan PLAN = new TrainingPlan(10, 2, 1e-2f, 1, 0.1f, 1f, 1, 5, 0, 4);
    private static final LoraConfig CONFIG = new LoraConfig(4, 8, 0.1f, LoraConfig.targets("q,v,up"));

    private record Run(Map<String, Tensor> factors, TrainingReport report) {}

    private static Run train(long initSeed, Path checkpoint, String run, boolean resume, int stopAfter) {
        try (LanguageModel llm = LanguageModel.open(MODEL)) {
            TrainableLora lora = new TrainableLora(llm.config(), "llama", CONFIG, initSeed);
            TrainableDecoder decoder = TrainableDecoder.fromGguf(llm.gguf(), lora);
            List<TrainingSequence> sequences = List.of(
                    TrainingSequence.windows(llm.tokenizer(), new CorpusExample("The blue robot", " sang to the moon."), 128).getFirst(),
                    TrainingSequence.windows(llm.tokenizer(), new CorpusExample("A small frog", " jumped over the ball."), 128).getFirst(),
                    TrainingSequence.windows(llm.tokenizer(), new CorpusExample("", "Tom had a red kite."), 128).getFirst());
            TrainingReport report = new LanguageModelTrainer(decoder, PLAN, "lora", checkpoint, run)
                    .train(sequences, sequences.subList(0, 1), resume, stopAfter);
            return new Run(lora.parameters().dense(), report);
        }
    }

    @Test
    void aStoppedAndResumedAdapterEndsAsAnUninterruptedOneBitForBit(@TempDir Path dir) {
        Run whole = train(7, null, "base A", false, Integer.MAX_VALUE);
        Path checkpoint = dir.resolve("lora.ckpt");
        Run stopped = train(7, checkpoint, "base A", true, 4);
        assertEquals(4, stopped.report().steps());
        Run resumed = train(99, checkpoint, "base A", true, Integer.MAX_VALUE);

        assertEquals(10, resumed.report().steps());
        assertEquals(whole.report().losses(), resumed.report().losses());
        whole.factors().forEach((name, tensor) -> assertArrayEquals(tensor.data(), resumed.factors().get(name).data(), name));
        assertTrue(whole.factors().values().stream().anyMatch(t -> {
            for (float v : t.data()) {
                if (v != 0) {
                    return true;
                }
            }
            return false;
        }), "the factors trained");

        var refused = assertThrows(BadInputException.class, () -> train(7, checkpoint, "base B", true, Integer.MAX_VALUE));
        assertTrue(refused.problem().contains("not a resume point of this model and plan"), refused.problem());
    }
}
