package org.recllm.llm.gguf;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * A tokenizer vocabulary as GGUF stores it (the {@code tokenizer.ggml.*} keys llama.cpp reads): a trained one, or a
 * made-up one of a requested size in the two shapes llama.cpp reads, for random models:
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
public record GgufVocabulary(String model, String preTokenizer, String[] tokens, float[] scores, int[] tokenTypes,
                             String[] merges, int bos, int eos, int unknown, int padding, boolean addBos) {
    public static final int NORMAL = 1;
    static final int UNKNOWN = 2;
    public static final int CONTROL = 3;
    static final int BYTE = 6;

    private static final String LETTERS = "abcdefghijklmnopqrstuvwxyz";
    private static final String[] GPT2_CONTROL = {"<|endoftext|>", "<|im_start|>", "<|im_end|>"};

    /** The smallest vocabulary of the architecture's tokenizer: specials and bytes, plus one learned token. */
    public static int minimumSize(String architecture) {
        return architecture.equals("qwen2") ? 256 + GPT2_CONTROL.length + 1 : 3 + 256 + 1;
    }

    /** qwen2 uses the byte-level BPE vocabulary; llama and mistral SentencePiece. */
    public static GgufVocabulary forArchitecture(String architecture, int size) {
        return architecture.equals("qwen2") ? gpt2(size) : sentencePiece(size);
    }

    public static GgufVocabulary sentencePiece(int size) {
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
        return new GgufVocabulary("llama", null, tokens, scores, types, null, 1, 2, 0, -1, true);
    }

    public static GgufVocabulary gpt2(int size) {
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
        return new GgufVocabulary("gpt2", "qwen2", tokens, null, types, merges, firstControl, firstControl + 2, -1,
                firstControl, false);
    }

    /** Writes the tokenizer.ggml.* keys llama.cpp reads: token ids as uint32, token types as int32. */
    public void writeTo(GgufWriter gguf) {
        GgufMetadata metadata = metadata();
        for (String key : metadata.keys()) {
            switch (metadata.raw(key)) {
                case String text -> gguf.putString(key, text);
                case Integer id -> gguf.putUInt32(key, id);
                case Boolean flag -> gguf.putBool(key, flag);
                case String[] texts -> gguf.putArray(key, GgufValueType.STRING, texts);
                case float[] floats -> gguf.putArray(key, GgufValueType.FLOAT32, floats);
                case int[] ints -> gguf.putArray(key, GgufValueType.INT32, ints);
                default -> throw new IllegalStateException("no GGUF type for " + key);
            }
        }
    }

    /** The same keys in memory, so that a tokenizer can be built before any file is written. */
    public GgufMetadata metadata() {
        Map<String, Object> keys = new LinkedHashMap<>();
        keys.put("tokenizer.ggml.model", model);
        if (preTokenizer != null) {
            keys.put("tokenizer.ggml.pre", preTokenizer);
        }
        keys.put("tokenizer.ggml.tokens", tokens);
        if (scores != null) {
            keys.put("tokenizer.ggml.scores", scores);
        }
        keys.put("tokenizer.ggml.token_type", tokenTypes);
        if (merges != null) {
            keys.put("tokenizer.ggml.merges", merges);
        }
        keys.put("tokenizer.ggml.bos_token_id", bos);
        keys.put("tokenizer.ggml.eos_token_id", eos);
        if (unknown >= 0) {
            keys.put("tokenizer.ggml.unknown_token_id", unknown);
        }
        if (padding >= 0) {
            keys.put("tokenizer.ggml.padding_token_id", padding);
        }
        keys.put("tokenizer.ggml.add_bos_token", addBos);
        return GgufMetadata.of(keys);
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
