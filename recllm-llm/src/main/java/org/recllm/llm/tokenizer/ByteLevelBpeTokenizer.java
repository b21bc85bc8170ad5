package org.recllm.llm.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.recllm.llm.gguf.GgufMetadata;

/**
 * GPT-2 byte-level BPE ({@code tokenizer.ggml.model} "gpt2": Llama 3, Qwen 2, GPT-2): the text is split into words by
 * the {@link PreTokenizer}, each word's UTF-8 bytes are spelled with {@link ByteLevel} characters, and within a word the
 * adjacent pair with the best (lowest) rank in {@code tokenizer.ggml.merges} merges, again and again.
 */
final class ByteLevelBpeTokenizer extends VocabularyTokenizer {
    private static final String MERGES = "tokenizer.ggml.merges";
    /** Words repeat (" the", " and"), so their tokens are cached; bounded so that a long input cannot grow it forever. */
    private static final int CACHE_LIMIT = 1 << 16;
    private static final int CACHED_WORD_LIMIT = 64;

    private final PreTokenizer preTokenizer;
    /** Rank by "left right": byte-level spellings contain no space, so the joined key is unambiguous. */
    private final Map<String, Integer> mergeRanks;
    private final Map<String, int[]> wordCache = new ConcurrentHashMap<>();

    ByteLevelBpeTokenizer(GgufMetadata metadata) {
        this(metadata, PreTokenizer.fromGguf(metadata));
    }

    private ByteLevelBpeTokenizer(GgufMetadata metadata, PreTokenizer preTokenizer) {
        // Without tokenizer.ggml.add_bos_token, only Llama 3 expects BOS before a prompt (llama.cpp's default too).
        super(new Vocabulary(metadata, preTokenizer == PreTokenizer.LLAMA3), false);
        this.preTokenizer = preTokenizer;
        String[] merges = metadata.strings(MERGES);
        this.mergeRanks = new HashMap<>(merges.length * 2);
        for (int rank = 0; rank < merges.length; rank++) {
            mergeRanks.putIfAbsent(merges[rank], rank);
        }
    }

    @Override
    void encodeText(String text, boolean atBoundary, IntStream.Builder out) {
        for (String word : preTokenizer.split(text)) {
            String spelling = ByteLevel.encode(word.getBytes(StandardCharsets.UTF_8));
            int[] tokens = spelling.length() > CACHED_WORD_LIMIT ? encodeWord(spelling) : cached(spelling);
            for (int token : tokens) {
                out.add(token);
            }
        }
    }

    private int[] cached(String spelling) {
        int[] tokens = wordCache.get(spelling);
        if (tokens == null) {
            if (wordCache.size() >= CACHE_LIMIT) {
                wordCache.clear();
            }
            tokens = encodeWord(spelling);
            wordCache.put(spelling, tokens);
        }
        return tokens;
    }

    private int[] encodeWord(String spelling) {
        int whole = vocabulary.id(spelling);
        if (preTokenizer.wholeWordTokens() && whole >= 0) {
            return new int[] {whole};
        }
        IntStream.Builder tokens = IntStream.builder();
        for (String piece : new PairMerger(spelling, this::mergePriority).pieces()) {
            int id = vocabulary.id(piece);
            if (id >= 0) {
                tokens.add(id);
            } else {
                piece.chars().forEach(c -> tokens.add(characterToken((char) c)));
            }
        }
        return tokens.build().toArray();
    }

    private double mergePriority(String spelling, int start, int mid, int end) {
        Integer rank = mergeRanks.get(spelling.substring(start, mid) + ' ' + spelling.substring(mid, end));
        return rank == null ? Double.NaN : -rank;
    }

    /** A merge result missing from the vocabulary (an inconsistent file) falls back to one token per byte. */
    private int characterToken(char c) {
        int id = vocabulary.id(String.valueOf(c));
        if (id < 0) {
            id = vocabulary.unknown();
        }
        if (id < 0) {
            throw new IllegalArgumentException("the vocabulary has no token for the byte-level character '" + c
                    + "' and no unknown token");
        }
        return id;
    }

    @Override
    byte[] normalTokenBytes(String spelling) {
        return ByteLevel.decode(spelling);
    }
}
