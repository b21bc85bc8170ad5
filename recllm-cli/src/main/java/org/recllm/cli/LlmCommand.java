package org.recllm.cli;

import picocli.CommandLine.Command;

/** {@code recllm llm …}: the embedded inference engine. */
@Command(name = "llm", mixinStandardHelpOptions = true, description = "Run GGUF language models with the embedded engine, and train small ones.",
        subcommands = {LlmGenerateCommand.class, LlmBenchCommand.class, LlmEmbedCommand.class, LlmRandomModelCommand.class,
                LlmTrainCommand.class, LlmDistillCommand.class})
final class LlmCommand {}
