package org.recllm.llm.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recllm.core.io.BadInputException;
import org.recllm.llm.gguf.GgufVocabulary;
import org.recllm.llm.tokenizer.ByteLevelBpeTrainer;
import org.recllm.llm.tokenizer.Tokenizer;
import org.recllm.llm.tokenizer.Tokenizers;

/** The JSONL reader's split and errors, and how examples become masked training sequences. */
class CorpusTest {

    @Test
    void holdsOutASeededFiveSharesOfAHundred(@TempDir Path dir) throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            lines.add(i % 2 == 0 ? "{\"text\": \"line " + i + "\"}" : "{\"prompt\": \"q" + i + "\", \"answer\": \"a" + i + "\"}");
            lines.add("   ");
        }
        Path file = Files.write(dir.resolve("c.jsonl"), lines);
        Corpus corpus = Corpus.read(file, 0.05, 3);
        assertEquals(95, corpus.train().size());
        assertEquals(5, corpus.valid().size());
        assertEquals(corpus, Corpus.read(file, 0.05, 3));
        assertTrue(!corpus.valid().equals(Corpus.read(file, 0.05, 4).valid()), "another seed holds out other lines");
        var all = new HashSet<>(corpus.train());
        all.addAll(corpus.valid());
        assertEquals(100, all.size());
        assertTrue(all.contains(new CorpusExample("", "line 0")) && all.contains(new CorpusExample("q1", "a1")));
        assertEquals(1, Corpus.read(Files.write(dir.resolve("two.jsonl"), lines.subList(0, 4)), 0.05, 1).valid().size());
    }

    @Test
    void errorsNameTheFileLineAndField(@TempDir Path dir) throws IOException {
        String[][] cases = {
                {"{\"text\": 5}", "text", "expected a string, got number"},
                {"{\"prompt\": \"p\"}", "answer", "missing"},
                {"{\"text\": \"t\", \"answer\": \"a\"}", "text", "not both"},
                {"[1, 2]", null, "expected a JSON object"},
                {"{\"text\": \"unterminated}", null, "not JSON"}};
        for (String[] c : cases) {
            Path file = Files.write(dir.resolve("bad.jsonl"), List.of("{\"text\": \"fine\"}", c[0]));
            BadInputException e = assertThrows(BadInputException.class, () -> Corpus.read(file, 0.05, 1), c[0]);
            assertEquals(2, e.line(), c[0]);
            assertEquals(c[1], e.field(), c[0]);
            assertTrue(e.problem().contains(c[2]), e.problem());
            assertTrue(e.getMessage().contains("bad.jsonl"), e.getMessage());
        }
        assertThrows(BadInputException.class, () -> Corpus.read(Files.write(dir.resolve("empty.jsonl"), List.of("")), 0.05, 1));
    }

    @Test
    void sequencesMaskThePromptAndEndWithEosUnlessCut() {
        ByteLevelBpeTrainer bpe = new ByteLevelBpeTrainer(300);
        bpe.add("question answer");
        GgufVocabulary vocabulary = bpe.train();
        Tokenizer tokenizer = Tokenizers.fromGguf(vocabulary.metadata());
        int[] prompt = tokenizer.encode("question");
        int[] answer = tokenizer.encode(" answer");
        int bos = tokenizer.bos();
        TrainingSequence pair = TrainingSequence.of(tokenizer, new CorpusExample("question", " answer"), 64);
        assertEquals(1 + prompt.length + answer.length + 1, pair.tokens().length);
        assertEquals(bos, pair.tokens()[0]);
        assertEquals(tokenizer.eos(), pair.tokens()[pair.tokens().length - 1]);
        assertEquals(answer.length + 1, pair.lossTokens());
        for (int t = 0; t < pair.tokens().length; t++) {
            assertEquals(t > prompt.length ? 1f : 0f, pair.lossMask()[t], "position " + t);
        }
        TrainingSequence text = TrainingSequence.of(tokenizer, new CorpusExample("", "question answer"), 64);
        assertNull(text.lossMask());
        assertEquals(text.tokens().length - 1, text.lossTokens());
        TrainingSequence cut = TrainingSequence.of(tokenizer, new CorpusExample("question", " answer"), prompt.length + 2);
        int[] expected = new int[prompt.length + 2];
        expected[0] = bos;
        System.arraycopy(prompt, 0, expected, 1, prompt.length);
        expected[prompt.length + 1] = answer[0];
        assertArrayEquals(expected, cut.tokens(), "cut after the first answer token, without EOS");
        assertEquals(1, cut.lossTokens());
        assertNull(TrainingSequence.of(tokenizer, new CorpusExample("question", " answer"), prompt.length + 1));
    }
}
