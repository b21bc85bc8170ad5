package org.recllm.llm.tokenizer;

import java.util.Set;

/**
 * Text to token ids and back for one model's vocabulary. Implementations are immutable and safe to share between
 * threads. Obtain one with {@link Tokenizers#fromGguf}.
 */
public interface Tokenizer {
    /**
     * The tokens of {@code text}, without BOS (prepend {@link #bos()} when {@link #addBos()} says so). Spellings of
     * control tokens such as {@code <|im_end|>} are tokenized as ordinary text, so text from users cannot inject chat
     * markers; added (user-defined) tokens are always matched whole, as in llama.cpp.
     */
    int[] encode(String text);

    /** Like {@link #encode}, but spellings of control tokens become their ids: for rendered chat templates. */
    int[] encodeWithSpecials(String text);

    /**
     * The text of a whole token sequence: control tokens render as nothing, and the space the tokenizer put before
     * the text (SentencePiece's space prefix) is removed again, so {@code decode(encode(s))} gives back {@code s}. For
     * text produced token by token use a {@link Detokenizer}, which keeps that space.
     */
    String decode(int[] tokens);

    /**
     * The text of one token. A byte token that is only part of a multi-byte character comes out as U+FFFD; a stream
     * of tokens needs a {@link Detokenizer}.
     */
    String piece(int token);

    /** The bytes one token stands for (empty for control tokens); a fresh array. */
    byte[] bytes(int token);

    /** The beginning-of-sequence token, or -1 when the vocabulary has none. */
    int bos();

    /** The end-of-sequence token, or -1 when the vocabulary has none. */
    int eos();

    /** Every token that ends generation: EOS and the end-of-turn markers (such as {@code <|eot_id|>}, {@code <|im_end|>}). */
    Set<Integer> endOfGeneration();

    /** Whether the model expects {@link #bos()} before a prompt. */
    boolean addBos();

    int vocabularySize();

    /** Whether {@code token} is a control, unknown or added token rather than a piece of text. */
    boolean isSpecial(int token);
}
