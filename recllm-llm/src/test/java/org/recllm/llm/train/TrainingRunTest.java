package org.recllm.llm.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recllm.core.io.BadInputException;
import org.recllm.core.tensor.Tensor;
import org.recllm.llm.LanguageModel;
import org.recllm.llm.generate.Generator;
import org.recllm.llm.generate.StopReason;
import org.recllm.llm.gguf.GgufVocabulary;
import org.recllm.llm.model.ModelConfig;
import org.recllm.llm.model.RopeStyle;
import org.recllm.llm.sampling.Sampler;
import org.recllm.llm.sampling.SamplerConfig;
import org.recllm.llm.tokenizer.ByteLevelBpeTrainer;
import org.recllm.llm.tokenizer.Tokenizer;
import org.recllm.llm.tokenizer.Tokenizers;

/**
 * Whole training runs: a stopped and resumed run ends bit for bit where an uninterrupted one does; a trained model
 * written as GGUF generates its memorised answers in the inference engine.
 */
class TrainingRunTest {
    private static final List<CorpusExample> FACTS = List.of(
            new CorpusExample("Q: what does user 7 watch?", " A: thrillers and old westerns."),
            new CorpusExample("Q: what does user 12 watch?", " A: comedies from the nineties."),
            new CorpusExample("Q: what does user 31 watch?", " A: anime and science fiction."),
            new CorpusExample("", "Every user rates movies from one to five stars."));

    private record Trained(GgufVocabulary vocabulary, Tokenizer tokenizer, List<TrainingSequence> sequences) {}

    private static Trained tokenize(int vocabularySize) {
        ByteLevelBpeTrainer bpe = new ByteLevelBpeTrainer(vocabularySize);
        FACTS.forEach(example -> {
            bpe.add(example.prompt());
            bpe.add(example.text());
        });
        GgufVocabulary vocabulary = bpe.train();
        Tokenizer tokenizer = Tokenizers.fromGguf(vocabulary.metadata());
        List<TrainingSequence> sequences = new ArrayList<>();
        FACTS.forEach(example -> sequences.add(TrainingSequence.windows(tokenizer, example, 64).getFirst()));
        return new Trained(vocabulary, tokenizer, sequences);
    }

    private static ModelConfig config(int vocabulary) {
        return new ModelConfig("llama", 32, 2, 4, 2, 8, 64, vocabulary, 64, 1e-5f, 10000f, 8, 1f, RopeStyle.NORMAL, false);
    }

    @Test
    void aStoppedAndResumedRunEndsWithTheSameWeightsBitForBit(@TempDir Path dir) {
        Trained data = tokenize(300);
        TrainingPlan plan = new TrainingPlan(12, 3, 3e-3f, 2, 0.1f, 1f, 2, 4, 0, 5);
        TrainableDecoder whole = TrainableDecoder.random(config(data.vocabulary().tokens().length), true, 0.02f, 9);
        TrainingReport uninterrupted = new LanguageModelTrainer(whole, plan, "test", null)
                .train(data.sequences(), data.sequences().subList(0, 1), false, Integer.MAX_VALUE);

        TrainableDecoder again = TrainableDecoder.random(config(data.vocabulary().tokens().length), true, 0.02f, 9);
        new LanguageModelTrainer(again, plan, "test", null).train(data.sequences(), data.sequences().subList(0, 1), false, Integer.MAX_VALUE);
        whole.parameters().dense().forEach((name, tensor) -> assertArrayEquals(tensor.data(), again.parameters().dense().get(name).data(), "a repeated run differs in " + name));
        Path checkpoint = dir.resolve("run.ckpt");
        TrainableDecoder first = TrainableDecoder.random(config(data.vocabulary().tokens().length), true, 0.02f, 9);
        TrainingReport stopped = new LanguageModelTrainer(first, plan, "test", checkpoint)
                .train(data.sequences(), data.sequences().subList(0, 1), true, 5);
        assertEquals(5, stopped.steps());
        assertTrue(Files.exists(checkpoint));
        TrainableDecoder second = TrainableDecoder.random(config(data.vocabulary().tokens().length), true, 0.02f, 123);
        TrainingReport resumed = new LanguageModelTrainer(second, plan, "test", checkpoint)
                .train(data.sequences(), data.sequences().subList(0, 1), true, Integer.MAX_VALUE);

        Map<String, Tensor> expected = whole.parameters().dense();
        expected.forEach((name, tensor) ->
                assertArrayEquals(tensor.data(), second.parameters().dense().get(name).data(), name));
        assertEquals(uninterrupted.losses(), resumed.losses());
        assertEquals(uninterrupted.trainTokens(), resumed.trainTokens());
        assertEquals(12, resumed.steps());
        assertEquals(6, resumed.losses().size());
        assertTrue(resumed.losses().getLast().validLoss() != null);

        TrainingPlan longer = new TrainingPlan(20, 3, 3e-3f, 2, 0.1f, 1f, 2, 4, 0, 5);
        var refused = assertThrows(BadInputException.class, () -> new LanguageModelTrainer(second, longer, "test", checkpoint)
                .train(data.sequences(), data.sequences().subList(0, 1), true, Integer.MAX_VALUE));
        assertTrue(refused.problem().contains("not a resume point of this model and plan"), refused.problem());
    }

    @Test
    void theEngineGeneratesTheMemorisedAnswerFromTheWrittenGguf(@TempDir Path dir) {
        Trained data = tokenize(320);
        TrainableDecoder decoder = TrainableDecoder.random(config(data.vocabulary().tokens().length), true, 0.02f, 4);
        TrainingPlan plan = new TrainingPlan(300, 4, 1e-2f, 10, 0.01f, 1f, 50, 100, 0, 1);
        TrainingReport report = new LanguageModelTrainer(decoder, plan, "memorise", null)
                .train(data.sequences(), data.sequences(), false, Integer.MAX_VALUE);
        double start = report.losses().getFirst().trainLoss();
        double end = report.losses().getLast().validLoss();
        assertTrue(end < 0.01, "loss from " + start + " to " + end);

        Path file = dir.resolve("memorised.gguf");
        TrainedModelFile.write(decoder, data.vocabulary(), "memorised", file);
        try (LanguageModel model = LanguageModel.open(file)) {
            assertEquals(decoder.config(), model.config());
            for (CorpusExample fact : FACTS.subList(0, 3)) {
                int[] prompt = model.prompt(fact.prompt());
                Generator.Result result = new Generator(model.transformer()).generate(prompt, 20,
                        new Sampler(SamplerConfig.greedy()), token -> model.tokenizer().endOfGeneration().contains(token), token -> {});
                assertEquals(fact.text(), model.tokenizer().decode(result.tokens()), fact.prompt());
                assertEquals(StopReason.END_OF_GENERATION, result.stop(), "the answer ends with EOS");
            }
        }
    }
}
