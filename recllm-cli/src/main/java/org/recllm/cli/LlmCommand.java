package org.recllm.cli;

import picocli.CommandLine.Command;

/** {@code recllm llm …}: the embedded inference engine. */
@Command(name = "llm", mixinStandardHelpOptions = true, description = "Run GGUF language models with the embedded engine, train small ones, and fine-tune any with LoRA.",
        subcommands = {LlmGenerateCommand.class, LlmBenchCommand.class, LlmEmbedCommand.class, LlmRandomModelCommand.class,
                LlmTrainCommand.class, LlmLoraCommand.class, LlmMergeCommand.class, LlmDistillCommand.class})
final class LlmCommand {}
