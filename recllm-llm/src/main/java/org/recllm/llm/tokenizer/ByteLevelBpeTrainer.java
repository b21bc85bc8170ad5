package org.recllm.llm.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import org.recllm.llm.gguf.GgufVocabulary;

/**
 * Learns a GPT-2 byte-level BPE vocabulary from text, as {@link ByteLevelBpeTokenizer} (and llama.cpp's "gpt2"
 * tokenizer) reads it: the 256 byte tokens, then one token per merge, then {@value #END_OF_TEXT} as BOS and EOS.
 *
 * <p>Texts are split into words by GPT-2's pre-tokenizer and counted once per distinct word; training then merges the
 * most frequent adjacent pair again and again (ties: the smaller pair of ids, so the result is deterministic). Pair
 * counts live in a map updated only for the words that hold the merged pair, and a lazily cleaned priority queue finds
 * the next pair, so a merge costs the size of the words it touches rather than a recount of the corpus.
 */
public final class ByteLevelBpeTrainer {
    public static final String END_OF_TEXT = "<|endoftext|>";
    /** Byte tokens plus the end-of-text token: the smallest vocabulary. */
    public static final int MINIMUM_SIZE = 257;
    private static final String PRE_TOKENIZER = "gpt-2";

    private final int vocabularySize;
    private final Map<String, Integer> wordIds = new HashMap<>();
    /** Each distinct word as its current token ids (bytes at first, merged as training goes). */
    private final List<int[]> words = new ArrayList<>();
    private long[] wordCounts = new long[1024];
    private final List<String> tokens = new ArrayList<>();

    /** A trainer for a vocabulary of at most {@code vocabularySize} tokens ({@link #MINIMUM_SIZE} at least). */
    public ByteLevelBpeTrainer(int vocabularySize) {
        if (vocabularySize < MINIMUM_SIZE) {
            throw new IllegalArgumentException("a byte-level BPE vocabulary needs at least " + MINIMUM_SIZE
                    + " tokens (256 bytes and end of text), got " + vocabularySize);
        }
        this.vocabularySize = vocabularySize;
        for (int b = 0; b < 256; b++) {
            tokens.add(ByteLevel.encode(new byte[] {(byte) b}));
        }
    }

    /** Counts the words of one text. */
    public void add(String text) {
        for (String word : PreTokenizer.GPT2.split(text)) {
            Integer id = wordIds.get(word);
            if (id == null) {
                id = words.size();
                wordIds.put(word, id);
                byte[] bytes = word.getBytes(StandardCharsets.UTF_8);
                int[] symbols = new int[bytes.length];
                for (int i = 0; i < bytes.length; i++) {
                    symbols[i] = bytes[i] & 0xFF;
                }
                words.add(symbols);
                if (id == wordCounts.length) {
                    wordCounts = Arrays.copyOf(wordCounts, 2 * id);
                }
            }
            wordCounts[id]++;
        }
    }

    /**
     * Merges until the vocabulary is full or no adjacent pair is left (a small corpus gives fewer tokens than asked).
     * A merge whose spelling is already a token (a·bc after ab·c) reuses that token, as GPT-2's files do.
     */
    public GgufVocabulary train() {
        Map<Long, Long> pairCounts = new HashMap<>();
        Map<Long, Set<Integer>> pairWords = new HashMap<>();
        for (int w = 0; w < words.size(); w++) {
            countPairs(words.get(w), w, wordCounts[w], pairCounts, pairWords, null);
        }
        // Highest count first, then the smaller pair key; stale entries are skipped when they surface.
        PriorityQueue<long[]> queue = new PriorityQueue<>(Comparator.<long[]>comparingLong(e -> -e[0]).thenComparingLong(e -> e[1]));
        pairCounts.forEach((pair, count) -> queue.add(new long[] {count, pair}));
        Map<String, Integer> ids = new HashMap<>();
        for (int id = 0; id < tokens.size(); id++) {
            ids.put(tokens.get(id), id);
        }
        List<String> merges = new ArrayList<>();
        Set<Long> touched = new HashSet<>();
        while (tokens.size() < vocabularySize - 1 && !queue.isEmpty()) {
            long[] top = queue.poll();
            Long current = pairCounts.get(top[1]);
            if (current == null || current != top[0]) {
                continue;
            }
            int left = (int) (top[1] >>> 32);
            int right = (int) top[1];
            String spelling = tokens.get(left) + tokens.get(right);
            Integer merged = ids.get(spelling);
            if (merged == null) {
                merged = tokens.size();
                tokens.add(spelling);
                ids.put(spelling, merged);
            }
            merges.add(tokens.get(left) + " " + tokens.get(right));
            touched.clear();
            for (int w : pairWords.remove(top[1])) {
                int[] before = words.get(w);
                countPairs(before, -1, -wordCounts[w], pairCounts, null, touched);
                int[] after = mergeAll(before, left, right, merged);
                words.set(w, after);
                countPairs(after, w, wordCounts[w], pairCounts, pairWords, touched);
            }
            for (long pair : touched) {
                Long count = pairCounts.get(pair);
                if (count != null) {
                    queue.add(new long[] {count, pair});
                }
            }
        }
        int endOfText = tokens.size();
        String[] spellings = tokens.toArray(new String[endOfText + 1]);
        spellings[endOfText] = END_OF_TEXT;
        int[] types = new int[endOfText + 1];
        Arrays.fill(types, GgufVocabulary.NORMAL);
        types[endOfText] = GgufVocabulary.CONTROL;
        return new GgufVocabulary("gpt2", PRE_TOKENIZER, spellings, null, types, merges.toArray(String[]::new),
                endOfText, endOfText, -1, -1, true);
    }

    /** The tokens training left {@code word} as (for tests: the engine must split a trained word the same way). */
    int[] segmentation(String word) {
        Integer id = wordIds.get(word);
        return id == null ? null : words.get(id).clone();
    }

    /**
     * Adds {@code weight} to the count of every adjacent pair of {@code symbols} (dropping counts that reach zero),
     * recording the word under each pair when {@code pairWords} is given and each pair in {@code touched}.
     */
    private static void countPairs(int[] symbols, int word, long weight, Map<Long, Long> pairCounts,
                                   Map<Long, Set<Integer>> pairWords, Set<Long> touched) {
        for (int i = 0; i + 1 < symbols.length; i++) {
            long pair = (long) symbols[i] << 32 | symbols[i + 1];
            long count = pairCounts.getOrDefault(pair, 0L) + weight;
            if (count == 0) {
                pairCounts.remove(pair);
            } else {
                pairCounts.put(pair, count);
            }
            if (pairWords != null) {
                pairWords.computeIfAbsent(pair, p -> new HashSet<>()).add(word);
            }
            if (touched != null) {
                touched.add(pair);
            }
        }
    }

    /** {@code symbols} with every non-overlapping left·right, from the left, replaced by {@code merged}. */
    private static int[] mergeAll(int[] symbols, int left, int right, int merged) {
        int[] out = new int[symbols.length];
        int n = 0;
        for (int i = 0; i < symbols.length; i++) {
            if (i + 1 < symbols.length && symbols[i] == left && symbols[i + 1] == right) {
                out[n++] = merged;
                i++;
            } else {
                out[n++] = symbols[i];
            }
        }
        return Arrays.copyOf(out, n);
    }
}
