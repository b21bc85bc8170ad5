package org.recllm.llm.model;

/**
 * How rotary position embeddings pair up the dimensions of a head: {@code NORMAL} rotates adjacent pairs (2i, 2i+1),
 * as llama.cpp does for Llama-family GGUF files (whose Q/K weights were permuted for it at conversion); {@code NEOX}
 * rotates (i, i + d/2), as for Qwen2.
 */
public enum RopeStyle {
    NORMAL,
    NEOX
}
