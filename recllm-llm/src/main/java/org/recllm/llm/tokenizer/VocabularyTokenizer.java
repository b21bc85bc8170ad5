package org.recllm.llm.tokenizer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.IntStream;
import org.recllm.llm.tokenizer.SpecialTokenSplitter.Fragment;

/**
 * What every vocabulary-driven tokenizer shares: the special ids, matching whole tokens in the text before the
 * algorithm sees it, rendering tokens to bytes, and decoding. Subclasses supply how plain text becomes tokens and how
 * a normal token's spelling becomes bytes.
 */
abstract class VocabularyTokenizer implements Tokenizer {
    private static final Set<TokenType> SPECIAL = EnumSet.of(TokenType.CONTROL, TokenType.UNKNOWN, TokenType.USER_DEFINED);

    protected final Vocabulary vocabulary;
    protected final boolean spacePrefix;
    private final SpecialTokenSplitter addedTokens;
    private final SpecialTokenSplitter specialTokens;

    /** {@code spacePrefix}: encoding puts a space before the text, which decoding then removes. */
    VocabularyTokenizer(Vocabulary vocabulary, boolean spacePrefix) {
        this.vocabulary = vocabulary;
        this.spacePrefix = spacePrefix;
        this.addedTokens = new SpecialTokenSplitter(vocabulary, EnumSet.of(TokenType.USER_DEFINED));
        this.specialTokens = new SpecialTokenSplitter(vocabulary, SPECIAL);
    }

    /**
     * Appends the tokens of {@code text}, which holds no whole-token spellings. {@code atBoundary}: the text starts
     * the input or follows a whole token.
     */
    abstract void encodeText(String text, boolean atBoundary, IntStream.Builder out);

    /** The bytes a normal token's spelling stands for. */
    abstract byte[] normalTokenBytes(String spelling);

    @Override
    public final int[] encode(String text) {
        return encode(text, addedTokens);
    }

    @Override
    public final int[] encodeWithSpecials(String text) {
        return encode(text, specialTokens);
    }

    private int[] encode(String text, SpecialTokenSplitter splitter) {
        IntStream.Builder out = IntStream.builder();
        boolean atBoundary = true;
        for (Fragment fragment : splitter.split(text)) {
            switch (fragment) {
                case SpecialTokenSplitter.Text(String plain) -> {
                    encodeText(plain, atBoundary, out);
                    atBoundary = false;
                }
                case SpecialTokenSplitter.Token(int id) -> {
                    out.add(id);
                    atBoundary = true;
                }
            }
        }
        return out.build().toArray();
    }

    @Override
    public final String decode(int[] tokens) {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        boolean prefixPending = spacePrefix;
        for (int token : tokens) {
            byte[] bytes = bytes(token);
            int skip = prefixPending && bytes.length > 0 && bytes[0] == ' ' ? 1 : 0;
            prefixPending &= bytes.length == 0;
            text.write(bytes, skip, bytes.length - skip);
        }
        return text.toString(StandardCharsets.UTF_8);
    }

    @Override
    public final String piece(int token) {
        return new String(bytes(token), StandardCharsets.UTF_8);
    }

    @Override
    public final byte[] bytes(int token) {
        String spelling = vocabulary.text(token);
        return switch (vocabulary.type(token)) {
            case NORMAL -> normalTokenBytes(spelling);
            case USER_DEFINED -> spelling.getBytes(StandardCharsets.UTF_8);
            case BYTE -> {
                int value = byteValue(spelling);
                yield value >= 0 ? new byte[] {(byte) value} : spelling.getBytes(StandardCharsets.UTF_8);
            }
            case CONTROL, UNKNOWN, UNUSED -> new byte[0];
        };
    }

    /** The byte a {@code <0xXX>} spelling stands for, or -1 for any other spelling. */
    static int byteValue(String spelling) {
        if (spelling.length() != 6 || !spelling.startsWith("<0x") || spelling.charAt(5) != '>') {
            return -1;
        }
        int high = Character.digit(spelling.charAt(3), 16);
        int low = Character.digit(spelling.charAt(4), 16);
        return high < 0 || low < 0 ? -1 : high * 16 + low;
    }

    @Override
    public final int bos() {
        return vocabulary.bos();
    }

    @Override
    public final int eos() {
        return vocabulary.eos();
    }

    @Override
    public final Set<Integer> endOfGeneration() {
        return vocabulary.endOfGeneration();
    }

    @Override
    public final boolean addBos() {
        return vocabulary.addBos();
    }

    @Override
    public final int vocabularySize() {
        return vocabulary.size();
    }

    @Override
    public final boolean isSpecial(int token) {
        return SPECIAL.contains(vocabulary.type(token));
    }
}
