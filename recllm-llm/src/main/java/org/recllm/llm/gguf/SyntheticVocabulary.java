package org.recllm.llm.gguf;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * A made-up tokenizer vocabulary of a requested size in the two shapes llama.cpp reads, for random models:
 * <ul>
 *   <li>"llama" (SentencePiece): {@code <unk>}, {@code <s>}, {@code </s>}, the 256 byte-fallback tokens
 *       {@code <0x00>}…{@code <0xFF>}, then pieces over a–z in order of length ("▁", "▁a", "a", "▁b", …, "▁ab", "ab",
 *       …) with falling scores;</li>
 *   <li>"gpt2" (byte-level BPE, as Qwen2 uses): the 256 byte symbols in GPT-2's byte-to-unicode order (space is "Ġ"),
 *       then one token per merge ("Ġ a", then "a b" and "Ġa b", … in order of length), then the control tokens
 *       {@code <|endoftext|>}, {@code <|im_start|>}, {@code <|im_end|>}.</li>
 * </ul>
 * Token types follow llama.cpp: 1 normal, 2 unknown, 3 control, 6 byte.
 */
public record SyntheticVocabulary(String model, String preTokenizer, String[] tokens, float[] scores, int[] tokenTypes,
                                  String[] merges, int bos, int eos, int unknown, int padding, boolean addBos) {
    static final int NORMAL = 1;
    static final int UNKNOWN = 2;
    static final int CONTROL = 3;
    static final int BYTE = 6;

    private static final String LETTERS = "abcdefghijklmnopqrstuvwxyz";
    private static final String[] GPT2_CONTROL = {"<|endoftext|>", "<|im_start|>", "<|im_end|>"};

    /** The smallest vocabulary of the architecture's tokenizer: specials and bytes, plus one learned token. */
    public static int minimumSize(String architecture) {
        return architecture.equals("qwen2") ? 256 + GPT2_CONTROL.length + 1 : 3 + 256 + 1;
    }

    /** qwen2 uses the byte-level BPE vocabulary; llama and mistral SentencePiece. */
    public static SyntheticVocabulary forArchitecture(String architecture, int size) {
        return architecture.equals("qwen2") ? gpt2(size) : sentencePiece(size);
    }

    public static SyntheticVocabulary sentencePiece(int size) {
        if (size < minimumSize("llama")) {
            throw new IllegalArgumentException("a SentencePiece vocabulary needs at least " + minimumSize("llama") + " tokens");
        }
        String[] tokens = new String[size];
        float[] scores = new float[size];
        int[] types = new int[size];
        tokens[0] = "<unk>";
        types[0] = UNKNOWN;
        tokens[1] = "<s>";
        types[1] = CONTROL;
        tokens[2] = "</s>";
        types[2] = CONTROL;
        for (int b = 0; b < 256; b++) {
            tokens[3 + b] = String.format("<0x%02X>", b);
            types[3 + b] = BYTE;
        }
        Iterator<String> words = words();
        for (int i = 3 + 256, piece = 0; i < size; i++, piece++) {
            tokens[i] = piece == 0 ? "▁" : piece % 2 == 1 ? "▁" + words.next() : tokens[i - 1].substring(1);
            // Falling scores: SentencePiece prefers the earlier, shorter pieces as llama's learned ones are.
            scores[i] = -piece;
            types[i] = NORMAL;
        }
        return new SyntheticVocabulary("llama", null, tokens, scores, types, null, 1, 2, 0, -1, true);
    }

    public static SyntheticVocabulary gpt2(int size) {
        if (size < minimumSize("qwen2")) {
            throw new IllegalArgumentException("a byte-level BPE vocabulary needs at least " + minimumSize("qwen2") + " tokens");
        }
        String[] tokens = new String[size];
        int[] types = new int[size];
        char[] byteSymbols = gpt2ByteSymbols();
        for (int i = 0; i < 256; i++) {
            tokens[i] = String.valueOf(byteSymbols[i]);
            types[i] = NORMAL;
        }
        int mergeCount = size - 256 - GPT2_CONTROL.length;
        String[] merges = new String[mergeCount];
        String space = String.valueOf(byteSymbols[gpt2Index(' ')]);
        List<String[]> pairs = new ArrayList<>();
        for (char c : LETTERS.toCharArray()) {
            pairs.add(new String[] {space, String.valueOf(c)});
        }
        Iterator<String> words = words();
        for (int m = 0; m < mergeCount; m++) {
            if (m >= pairs.size()) {
                // Each longer word merges its prefix with its last letter; both parts are earlier tokens.
                String word = words.next();
                while (word.length() < 2) {
                    word = words.next();
                }
                String prefix = word.substring(0, word.length() - 1);
                String last = word.substring(word.length() - 1);
                pairs.add(new String[] {prefix, last});
                pairs.add(new String[] {space + prefix, last});
            }
            String[] pair = pairs.get(m);
            merges[m] = pair[0] + " " + pair[1];
            tokens[256 + m] = pair[0] + pair[1];
            types[256 + m] = NORMAL;
        }
        int firstControl = 256 + mergeCount;
        for (int i = 0; i < GPT2_CONTROL.length; i++) {
            tokens[firstControl + i] = GPT2_CONTROL[i];
            types[firstControl + i] = CONTROL;
        }
        return new SyntheticVocabulary("gpt2", "qwen2", tokens, null, types, merges, firstControl, firstControl + 2, -1,
                firstControl, false);
    }

    /** Writes the tokenizer.ggml.* keys llama.cpp reads. */
    public void writeTo(GgufWriter gguf) {
        gguf.putString("tokenizer.ggml.model", model);
        if (preTokenizer != null) {
            gguf.putString("tokenizer.ggml.pre", preTokenizer);
        }
        gguf.putArray("tokenizer.ggml.tokens", GgufValueType.STRING, tokens);
        if (scores != null) {
            gguf.putArray("tokenizer.ggml.scores", GgufValueType.FLOAT32, scores);
        }
        gguf.putArray("tokenizer.ggml.token_type", GgufValueType.INT32, tokenTypes);
        if (merges != null) {
            gguf.putArray("tokenizer.ggml.merges", GgufValueType.STRING, merges);
        }
        gguf.putUInt32("tokenizer.ggml.bos_token_id", bos);
        gguf.putUInt32("tokenizer.ggml.eos_token_id", eos);
        if (unknown >= 0) {
            gguf.putUInt32("tokenizer.ggml.unknown_token_id", unknown);
        }
        if (padding >= 0) {
            gguf.putUInt32("tokenizer.ggml.padding_token_id", padding);
        }
        gguf.putBool("tokenizer.ggml.add_bos_token", addBos);
    }

    /**
     * GPT-2's bytes_to_unicode: printable Latin-1 bytes stand for themselves, the rest (controls, space, …) map to
     * code points from 256 up; token i is the symbol of the i-th byte in that order (printable first).
     */
    static char[] gpt2ByteSymbols() {
        char[] symbols = new char[256];
        int i = 0;
        for (int b = 0; b < 256; b++) {
            if (printable(b)) {
                symbols[i++] = (char) b;
            }
        }
        int extra = 0;
        for (int b = 0; b < 256; b++) {
            if (!printable(b)) {
                symbols[i++] = (char) (256 + extra++);
            }
        }
        return symbols;
    }

    /** The token id of byte {@code b} in {@link #gpt2ByteSymbols} order. */
    static int gpt2Index(int b) {
        int index = 0;
        if (printable(b)) {
            for (int c = 0; c < b; c++) {
                index += printable(c) ? 1 : 0;
            }
            return index;
        }
        int printables = 188;
        for (int c = 0; c < b; c++) {
            index += printable(c) ? 0 : 1;
        }
        return printables + index;
    }

    private static boolean printable(int b) {
        return (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
    }

    /** a, b, …, z, aa, ab, …: every lower-case word, shortest first. */
    private static Iterator<String> words() {
        return new Iterator<>() {
            private final StringBuilder word = new StringBuilder("a");
            private boolean started;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public String next() {
                if (started) {
                    int i = word.length() - 1;
                    while (i >= 0 && word.charAt(i) == 'z') {
                        word.setCharAt(i--, 'a');
                    }
                    if (i < 0) {
                        word.insert(0, 'a');
                    } else {
                        word.setCharAt(i, (char) (word.charAt(i) + 1));
                    }
                }
                started = true;
                if (word.length() > 16) {
                    throw new NoSuchElementException("vocabulary too large for synthetic words");
                }
                return word.toString();
            }
        };
    }
}
