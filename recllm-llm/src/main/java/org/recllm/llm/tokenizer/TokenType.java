package org.recllm.llm.tokenizer;

/** The role of a vocabulary entry, as {@code tokenizer.ggml.token_type} codes it (llama.cpp's llama_token_type). */
enum TokenType {
    NORMAL,
    UNKNOWN,
    /** BOS, EOS, chat markers: never produced from plain text, rendered as nothing. */
    CONTROL,
    /** Added tokens such as {@code <tool_call>}: always matched whole, rendered as their text. */
    USER_DEFINED,
    UNUSED,
    /** {@code <0xXX>}: one raw byte, the SentencePiece fallback for text the vocabulary lacks. */
    BYTE;

    /** The type for a GGUF code (1 to 6), or null for any other code. */
    static TokenType ofCode(int code) {
        return code >= 1 && code <= values().length ? values()[code - 1] : null;
    }
}
