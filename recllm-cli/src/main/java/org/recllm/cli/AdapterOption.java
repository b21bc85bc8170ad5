package org.recllm.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --lora ADAPTER.gguf}: a LoRA adapter applied beside the model's weights, which stay as stored. */
final class AdapterOption {
    @Option(names = "--lora", paramLabel = "ADAPTER.gguf", description = "LoRA adapter (GGUF, as `recllm llm lora` or "
            + "llama.cpp's convert_lora_to_gguf.py writes it) applied beside the model's weights.")
    Path lora;
}
