package org.recllm.llm.gguf;

import org.recllm.core.quant.GgmlType;

/** llama.cpp's {@code general.file_type} (its llama_ftype): what a model file says its matrices are stored as. */
public final class LlamaFileType {
    private LlamaFileType() {}

    /** The file type of a model whose matrices are all {@code type} (norms and biases are F32 in every type). */
    public static int of(GgmlType type) {
        return switch (type) {
            case F32 -> 0;
            case F16 -> 1;
            case Q4_0 -> 2;
            case Q8_0 -> 7;
            case Q4_K -> 14; // Q4_K_S: every matrix Q4_K
            case Q6_K -> 18;
            case BF16 -> 32;
            default -> throw new IllegalArgumentException("no file type for " + type);
        };
    }
}
