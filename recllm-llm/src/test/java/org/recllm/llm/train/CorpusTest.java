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
    void shortExamplesAreOneSequenceWithThePromptMasked() {
        Tokenizer tokenizer = tokenizer("question answer");
        int[] prompt = tokenizer.encode("question");
        int[] answer = tokenizer.encode(" answer");
        List<TrainingSequence> pairs = TrainingSequence.windows(tokenizer, new CorpusExample("question", " answer"), 64);
        assertEquals(1, pairs.size());
        TrainingSequence pair = pairs.getFirst();
        assertEquals(1 + prompt.length + answer.length + 1, pair.tokens().length);
        assertEquals(tokenizer.bos(), pair.tokens()[0]);
        assertEquals(tokenizer.eos(), pair.tokens()[pair.tokens().length - 1]);
        assertEquals(answer.length + 1, pair.lossTokens());
        for (int t = 0; t < pair.tokens().length; t++) {
            assertEquals(t > prompt.length ? 1f : 0f, pair.lossMask()[t], "position " + t);
        }
        TrainingSequence text = TrainingSequence.windows(tokenizer, new CorpusExample("", "question answer"), 64).getFirst();
        assertNull(text.lossMask());
        assertEquals(text.tokens().length - 1, text.lossTokens());
    }

    /**
     * A long example becomes windows that learn every text token and the EOS exactly once (nothing is cut), each of
     * at most the context, starting every half context, every token after the first window learned with at least half
     * a context before it; windows inside a long prompt are left out.
     */
    @Test
    void longExamplesAreWindowsThatLearnEveryTokenOnce() {
        StringBuilder words = new StringBuilder();
        for (int i = 0; i < 60; i++) {
            words.append(" w").append(i);
        }
        Tokenizer tokenizer = tokenizer(words.toString());
        for (String prompt : new String[] {"", words.substring(0, 40), words.toString()}) {
            CorpusExample example = new CorpusExample(prompt, words.toString());
            int[] promptTokens = tokenizer.encode(prompt);
            int[] text = tokenizer.encode(words.toString());
            int total = promptTokens.length + text.length + 2;
            int context = 16;
            List<TrainingSequence> windows = TrainingSequence.windows(tokenizer, example, context);
            int[] learned = new int[total];
            int previousStart = -1;
            for (TrainingSequence window : windows) {
                assertTrue(window.tokens().length <= context, "window of " + window.tokens().length);
                int start = startOf(window, tokenizer, example, previousStart + 1, context / 2);
                previousStart = start;
                int count = 0;
                for (int t = 0; t < window.tokens().length; t++) {
                    if (window.lossMask()[t] == 1f) {
                        learned[start + t]++;
                        count++;
                        assertTrue(start == 0 || t >= context / 2, "learned at " + t + " of a window from " + start);
                    }
                }
                assertEquals(count, window.lossTokens());
            }
            for (int position = 0; position < total; position++) {
                boolean isText = position > promptTokens.length;
                assertEquals(isText ? 1 : 0, learned[position], "position " + position + " with a prompt of "
                        + promptTokens.length + " tokens");
            }
            TrainingSequence last = windows.getLast();
            assertEquals(tokenizer.eos(), last.tokens()[last.tokens().length - 1]);
        }
    }

    /**
     * Where {@code window} starts in the example's full token sequence (BOS, prompt, text, EOS): the first multiple of
     * {@code stride} from {@code from} on where its tokens are, or a failure when there is none.
     */
    private static int startOf(TrainingSequence window, Tokenizer tokenizer, CorpusExample example, int from, int stride) {
        int[] all = TrainingSequence.allTokens(tokenizer, example);
        for (int start = (from + stride - 1) / stride * stride; start + window.tokens().length <= all.length; start += stride) {
            if (java.util.Arrays.equals(all, start, start + window.tokens().length, window.tokens(), 0, window.tokens().length)) {
                return start;
            }
        }
        throw new AssertionError("a window that is not a run of the example's tokens at a multiple of " + stride
                + " after the previous window");
    }

    private static Tokenizer tokenizer(String text) {
        ByteLevelBpeTrainer bpe = new ByteLevelBpeTrainer(300);
        bpe.add(text);
        GgufVocabulary vocabulary = bpe.train();
        return Tokenizers.fromGguf(vocabulary.metadata());
    }
}
