package org.recllm.llm.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.IntStream;
import org.recllm.core.io.BadInputException;
import org.recllm.llm.gguf.GgufMetadata;

/**
 * SentencePiece-style BPE ({@code tokenizer.ggml.model} "llama": Llama 1/2, Mistral, TinyStories), as llama.cpp runs
 * it: spaces become '▁' (U+2581) and one is put before the text; then, starting from single characters, the adjacent
 * pair whose joined spelling is the vocabulary token with the highest score merges, again and again. A character the
 * vocabulary lacks falls back to its UTF-8 bytes as {@code <0xXX>} tokens, so every text can be encoded.
 */
final class SentencePieceTokenizer extends VocabularyTokenizer {
    private static final String SCORES = "tokenizer.ggml.scores";
    private static final char SPACE_MARK = '\u2581';

    private final float[] scores;
    private final int[] byteTokens = new int[256];

    SentencePieceTokenizer(GgufMetadata metadata) {
        this(new Vocabulary(metadata, true), metadata.floats(SCORES),
                metadata.bool("tokenizer.ggml.add_space_prefix", true));
    }

    private SentencePieceTokenizer(Vocabulary vocabulary, float[] scores, boolean spacePrefix) {
        super(vocabulary, spacePrefix);
        if (scores.length != vocabulary.size()) {
            throw new BadInputException(Vocabulary.SOURCE, 0, SCORES,
                    scores.length + " scores for " + vocabulary.size() + " tokens");
        }
        this.scores = scores;
        Arrays.fill(byteTokens, vocabulary.unknown());
        for (int id = 0; id < vocabulary.size(); id++) {
            int value = vocabulary.type(id) == TokenType.BYTE ? byteValue(vocabulary.text(id)) : -1;
            if (value >= 0) {
                byteTokens[value] = id;
            }
        }
    }

    @Override
    void encodeText(String text, boolean atBoundary, IntStream.Builder out) {
        String spelled = (spacePrefix && atBoundary ? " " + text : text).replace(' ', SPACE_MARK);
        for (String piece : new PairMerger(spelled, this::mergePriority).pieces()) {
            int id = vocabulary.id(piece);
            if (id >= 0) {
                out.add(id);
            } else {
                for (byte b : piece.getBytes(StandardCharsets.UTF_8)) {
                    out.add(byteToken(b & 0xFF, piece));
                }
            }
        }
    }

    private double mergePriority(String text, int start, int mid, int end) {
        int id = vocabulary.id(text.substring(start, end));
        return id < 0 ? Double.NaN : scores[id];
    }

    private int byteToken(int value, String character) {
        if (byteTokens[value] < 0) {
            throw new IllegalArgumentException("cannot encode '" + character + "': the vocabulary has neither <0x"
                    + String.format("%02X", value) + "> nor an unknown token");
        }
        return byteTokens[value];
    }

    @Override
    byte[] normalTokenBytes(String spelling) {
        return spelling.replace(SPACE_MARK, ' ').getBytes(StandardCharsets.UTF_8);
    }
}
