package org.recllm.llm.tokenizer;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.recllm.core.io.BadInputException;
import org.recllm.llm.gguf.GgufMetadata;

/** The token texts and types of a GGUF vocabulary, lookup by text, and the special ids: BOS, EOS, end of generation. */
final class Vocabulary {
    static final String SOURCE = "GGUF metadata";
    private static final String TOKENS = "tokenizer.ggml.tokens";
    private static final String TOKEN_TYPES = "tokenizer.ggml.token_type";
    /** GGUF writers store "no such token" as uint32 -1. */
    private static final long NO_TOKEN = 0xFFFFFFFFL;
    /**
     * Turn-end markers of chat models whose metadata names only EOS; generation must stop at them too (llama.cpp
     * recognises the same texts).
     */
    private static final List<String> END_OF_TURN_TEXTS =
            List.of("<|eot_id|>", "<|eom_id|>", "<|im_end|>", "<|end|>", "<end_of_turn>", "<|endoftext|>");

    private final String[] texts;
    private final TokenType[] types;
    private final Map<String, Integer> ids;
    private final int bos;
    private final int eos;
    private final int unknown;
    private final Set<Integer> endOfGeneration;
    private final boolean addBos;

    Vocabulary(GgufMetadata metadata, boolean addBosByDefault) {
        this.texts = metadata.strings(TOKENS);
        this.types = readTypes(metadata, texts.length);
        this.ids = new HashMap<>(texts.length * 2);
        for (int id = 0; id < texts.length; id++) {
            ids.put(texts[id], id);
        }
        this.bos = specialId(metadata, "tokenizer.ggml.bos_token_id");
        this.eos = specialId(metadata, "tokenizer.ggml.eos_token_id");
        this.unknown = specialId(metadata, "tokenizer.ggml.unknown_token_id");
        Set<Integer> stops = new LinkedHashSet<>();
        for (int id : new int[] {eos, specialId(metadata, "tokenizer.ggml.eot_token_id"),
                specialId(metadata, "tokenizer.ggml.eom_token_id")}) {
            if (id >= 0) {
                stops.add(id);
            }
        }
        for (String text : END_OF_TURN_TEXTS) {
            if (ids.containsKey(text)) {
                stops.add(ids.get(text));
            }
        }
        this.endOfGeneration = Set.copyOf(stops);
        this.addBos = metadata.bool("tokenizer.ggml.add_bos_token", addBosByDefault) && bos >= 0;
    }

    private static TokenType[] readTypes(GgufMetadata metadata, int size) {
        TokenType[] types = new TokenType[size];
        if (!metadata.has(TOKEN_TYPES)) {
            Arrays.fill(types, TokenType.NORMAL);
            return types;
        }
        int[] codes = metadata.ints(TOKEN_TYPES);
        if (codes.length != size) {
            throw new BadInputException(SOURCE, 0, TOKEN_TYPES, codes.length + " types for " + size + " tokens");
        }
        for (int id = 0; id < size; id++) {
            types[id] = TokenType.ofCode(codes[id]);
            if (types[id] == null) {
                throw new BadInputException(SOURCE, 0, TOKEN_TYPES,
                        "token " + id + " has type code " + codes[id] + "; expected 1 to 6");
            }
        }
        return types;
    }

    private int specialId(GgufMetadata metadata, String key) {
        long id = metadata.integer(key, -1);
        if (id == -1 || id == NO_TOKEN) {
            return -1;
        }
        if (id < 0 || id >= texts.length) {
            throw new BadInputException(SOURCE, 0, key, "token id " + id + " is outside the vocabulary of "
                    + texts.length + " tokens");
        }
        return (int) id;
    }

    int size() {
        return texts.length;
    }

    String text(int id) {
        return texts[check(id)];
    }

    TokenType type(int id) {
        return types[check(id)];
    }

    /** The id of the token whose text is exactly {@code text}, or -1. */
    int id(String text) {
        Integer id = ids.get(text);
        return id == null ? -1 : id;
    }

    int bos() {
        return bos;
    }

    int eos() {
        return eos;
    }

    /** The token for text the vocabulary cannot spell, or -1. */
    int unknown() {
        return unknown;
    }

    Set<Integer> endOfGeneration() {
        return endOfGeneration;
    }

    boolean addBos() {
        return addBos;
    }

    private int check(int id) {
        if (id < 0 || id >= texts.length) {
            throw new IllegalArgumentException("token " + id + " is outside the vocabulary of " + texts.length + " tokens");
        }
        return id;
    }
}
