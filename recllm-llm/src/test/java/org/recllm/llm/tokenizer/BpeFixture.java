package org.recllm.llm.tokenizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.recllm.llm.gguf.GgufMetadata;

/**
 * A hand-made byte-level BPE vocabulary: the 256 byte characters (ids 0-255), one token per merge result in merge
 * order, the whole word "Ġhello" that no merge builds, and Llama-3-style special tokens.
 */
final class BpeFixture {
    static final String[] MERGES = {
        "Ġ t", "h e", "Ġt he", "l l", "he ll", "hell o", "Ġ w", "o r", "Ġw or", "l d", "Ġwor ld",
        "b c", "a b", "1 2", "12 3", "' s",
    };
    static final String[][] SPECIALS = {
        {"<|begin_of_text|>", "3"}, {"<|end_of_text|>", "3"}, {"<|start_header_id|>", "3"},
        {"<|end_header_id|>", "3"}, {"<|eot_id|>", "3"}, {"<tool>", "4"},
    };

    private final List<String> tokens = new ArrayList<>();
    private final List<Integer> types = new ArrayList<>();

    private BpeFixture() {
        for (int b = 0; b < 256; b++) {
            add(ByteLevel.encode(new byte[] {(byte) b}), 1);
        }
        for (String merge : MERGES) {
            add(merge.replace(" ", ""), 1);
        }
        add("Ġhello", 1);
        for (String[] special : SPECIALS) {
            add(special[0], Integer.parseInt(special[1]));
        }
    }

    private void add(String token, int type) {
        tokens.add(token);
        types.add(type);
    }

    static GgufMetadata metadata(String pre) {
        BpeFixture fixture = new BpeFixture();
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("tokenizer.ggml.model", "gpt2");
        values.put("tokenizer.ggml.pre", pre);
        values.put("tokenizer.ggml.tokens", fixture.tokens.toArray(String[]::new));
        values.put("tokenizer.ggml.token_type", fixture.types.stream().mapToInt(Integer::intValue).toArray());
        values.put("tokenizer.ggml.merges", MERGES.clone());
        values.put("tokenizer.ggml.bos_token_id", (long) fixture.tokens.indexOf("<|begin_of_text|>"));
        values.put("tokenizer.ggml.eos_token_id", (long) fixture.tokens.indexOf("<|end_of_text|>"));
        return GgufMetadata.of(values);
    }

    static int[] ids(String... tokens) {
        return Arrays.stream(tokens).mapToInt(BpeFixture::id).toArray();
    }

    static int id(String token) {
        int id = new BpeFixture().tokens.indexOf(token);
        if (id < 0) {
            throw new IllegalArgumentException("no token " + token);
        }
        return id;
    }
}
