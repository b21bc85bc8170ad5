package org.recllm.llm.tokenizer;

import org.recllm.core.io.BadInputException;
import org.recllm.llm.gguf.GgufMetadata;

/** Builds the tokenizer a GGUF model was trained with. */
public final class Tokenizers {
    private static final String MODEL = "tokenizer.ggml.model";

    private Tokenizers() {}

    /** The tokenizer {@code tokenizer.ggml.model} names: "llama" (SentencePiece BPE) or "gpt2" (byte-level BPE). */
    public static Tokenizer fromGguf(GgufMetadata metadata) {
        String model = metadata.string(MODEL);
        return switch (model) {
            case "llama" -> new SentencePieceTokenizer(metadata);
            case "gpt2" -> new ByteLevelBpeTokenizer(metadata);
            default -> throw new BadInputException(Vocabulary.SOURCE, 0, MODEL, "unsupported tokenizer model '" + model
                    + "'; supported: llama (SentencePiece BPE), gpt2 (byte-level BPE)");
        };
    }
}
