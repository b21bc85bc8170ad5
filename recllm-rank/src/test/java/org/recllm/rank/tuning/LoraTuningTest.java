package org.recllm.rank.tuning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recllm.core.io.BadInputException;
import org.recllm.core.testing.SharedData;
import org.recllm.llm.LanguageModel;
import org.recllm.llm.gguf.GgufFile;
import org.recllm.llm.lora.LoraAdapter;
import org.recllm.llm.lora.LoraAdapterFile;
import org.recllm.llm.lora.LoraConfig;
import org.recllm.llm.lora.LoraPair;
import org.recllm.llm.lora.TrainableLora;
import org.recllm.llm.train.CorpusExample;
import org.recllm.llm.train.TrainingSequence;
import org.recllm.rank.scoring.ZeroShot;

/**
 * A tuning run stopped after an epoch resumes from its work folder and ends exactly as an uninterrupted one; a work
 * folder of another setting is refused. The "validation AUC" here is a fingerprint of the adapter's weights, so equal
 * figures mean equal weights.
 */
class LoraTuningTest {
    private static final Path MODEL = SharedData.require("models/stories260K.gguf");
    private static final LoraTuning.Settings SETTINGS = new LoraTuning.Settings(3, 3, 2, 1e-2f, 5, false);

    @Test
    void aRunStoppedAfterAnEpochResumesAndEndsAsAnUninterruptedOne(@TempDir Path dir) throws java.io.IOException {
        try (LanguageModel llm = LanguageModel.open(MODEL); GgufFile base = GgufFile.open(MODEL)) {
            List<TrainingSequence> train = sequences(llm);
            Function<Path, ZeroShot.Result> fingerprint = adapter -> result(adapter == null ? 0.5 : weights(adapter, base));
            LoraTuning.Result whole = tune(llm, train, fingerprint, dir.resolve("whole"), dir.resolve("whole.gguf"), "key");

            Path work = dir.resolve("stopped");
            int[] validations = {0};
            Function<Path, ZeroShot.Result> failingAtEpochTwo = adapter -> {
                if (++validations[0] == 3) {
                    throw new IllegalStateException("the machine went down");
                }
                return fingerprint.apply(adapter);
            };
            assertThrows(IllegalStateException.class,
                    () -> tune(llm, train, failingAtEpochTwo, work, dir.resolve("stopped.gguf"), "key"));
            List<String> log = new ArrayList<>();
            LoraTuning.Result resumed = LoraTuning.run(llm, "stories260K", SETTINGS, lora(llm), "lora", "key", train,
                    fingerprint, dir.resolve("stopped.gguf"), work, log::add);

            assertTrue(log.getFirst().startsWith("resuming after epoch 1"), log.toString());
            assertEquals(whole.epochs().size(), resumed.epochs().size());
            for (int e = 0; e < whole.epochs().size(); e++) {
                assertEquals(whole.epochs().get(e).validAuc(), resumed.epochs().get(e).validAuc(), "epoch " + e);
                assertEquals(whole.epochs().get(e).trainLoss(), resumed.epochs().get(e).trainLoss(), "epoch " + e);
            }
            assertEquals(whole.bestEpoch(), resumed.bestEpoch());
            assertEquals(-1L, Files.mismatch(dir.resolve("whole.gguf"), dir.resolve("stopped.gguf")), "the same adapter");
            BadInputException other = assertThrows(BadInputException.class,
                    () -> tune(llm, train, fingerprint, work, dir.resolve("other.gguf"), "another key"));
            assertTrue(other.getMessage().contains("another setting"), other.getMessage());
        }
    }

    private static LoraTuning.Result tune(LanguageModel llm, List<TrainingSequence> train, Function<Path, ZeroShot.Result> validate,
                                         Path work, Path out, String key) {
        return LoraTuning.run(llm, "stories260K", SETTINGS, lora(llm), "lora", key, train, validate, out, work, line -> { });
    }

    private static TrainableLora lora(LanguageModel llm) {
        // Dropout on: its masks must follow the run, not the process.
        return new TrainableLora(llm.config(), "llama", new LoraConfig(4, 8, 0.1f, LoraConfig.targets("q,v")), 7);
    }

    private static List<TrainingSequence> sequences(LanguageModel llm) {
        List<TrainingSequence> sequences = new ArrayList<>();
        String[] stories = {"The cat sat on the mat.", "A dog ran to the park.", "The sun was warm and bright.",
                "Tom found a red ball.", "Lily liked to sing."};
        for (String story : stories) {
            sequences.add(TrainingSequence.windows(llm.tokenizer(), new CorpusExample("Once upon a time", story), 64).getFirst());
        }
        return sequences;
    }

    /** A number that changes with any weight of the adapter: Σ |B| + Σ A² over all pairs. */
    private static double weights(Path adapter, GgufFile base) {
        LoraAdapter read = LoraAdapterFile.read(adapter, base);
        double sum = 0;
        for (LoraPair pair : read.pairs().values()) {
            for (float b : pair.b()) {
                sum += Math.abs(b);
            }
            for (float a : pair.a()) {
                sum += a * a;
            }
        }
        return sum;
    }

    private static ZeroShot.Result result(double value) {
        return new ZeroShot.Result(value, 0.7, 10, 0.5, 20, 100, "prompt");
    }
}
