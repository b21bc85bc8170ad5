package org.recllm.llm.tokenizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.recllm.core.io.BadInputException;
import org.recllm.llm.gguf.GgufMetadata;

/**
 * The split of text into words before byte-level BPE merges within each word, chosen by {@code tokenizer.ggml.pre}.
 * The patterns are llama.cpp's (which spell the case-insensitive contractions out as character classes); Java's regex
 * handles the Unicode classes and the look-ahead, given UNICODE_CHARACTER_CLASS so that \s means Unicode white space
 * as in the original Python and Rust tokenizers.
 */
enum PreTokenizer {
    GPT2(false, "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+",
            "gpt-2", "default"),
    /** Digits in groups of at most three; whole words that are tokens skip merging (llama.cpp's ignore_merges). */
    LLAMA3(true, "(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}"
            + "| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+",
            "llama-bpe", "llama3", "llama-v3"),
    /** As Llama 3 but every digit on its own, and merges always apply. */
    QWEN2(false, "(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}"
            + "| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+",
            "qwen2", "deepseek-r1-qwen");

    private static final String KEY = "tokenizer.ggml.pre";

    private final boolean wholeWordTokens;
    private final Pattern pattern;
    private final List<String> names;

    PreTokenizer(boolean wholeWordTokens, String regex, String... names) {
        this.wholeWordTokens = wholeWordTokens;
        this.pattern = Pattern.compile(regex, Pattern.UNICODE_CHARACTER_CLASS);
        this.names = List.of(names);
    }

    /** The pre-tokenizer {@code tokenizer.ggml.pre} names; GPT-2's when the key is absent. */
    static PreTokenizer fromGguf(GgufMetadata metadata) {
        String name = metadata.string(KEY, "default");
        for (PreTokenizer pre : values()) {
            if (pre.names.contains(name)) {
                return pre;
            }
        }
        throw new BadInputException(Vocabulary.SOURCE, 0, KEY, "unsupported pre-tokenizer '" + name + "'; supported: "
                + Arrays.stream(values()).flatMap(pre -> pre.names.stream()).toList());
    }

    /** Whether a word that is itself a vocabulary token is taken whole, without merging. */
    boolean wholeWordTokens() {
        return wholeWordTokens;
    }

    /** The words of {@code text}; their concatenation is the text (any stretch no alternative matches is a word too). */
    List<String> split(String text) {
        List<String> words = new ArrayList<>();
        Matcher matcher = pattern.matcher(text);
        int end = 0;
        while (matcher.find()) {
            if (matcher.start() > end) {
                words.add(text.substring(end, matcher.start()));
            }
            words.add(matcher.group());
            end = matcher.end();
        }
        if (end < text.length()) {
            words.add(text.substring(end));
        }
        return words;
    }
}
