package org.recllm.cli;

import org.recllm.core.io.BadInputException;
import org.recllm.knowledge.backend.GenerationSettings;
import picocli.CommandLine.Option;

/** How answers are generated: length, temperature, seed; shared by {@code knowledge generate} and {@code update}. */
final class GenerationOptions {
    @Option(names = "--max-tokens", defaultValue = "512", paramLabel = "N", description = "Longest answer in tokens. Default: ${DEFAULT-VALUE}.")
    int maxTokens;

    @Option(names = "--temperature", defaultValue = "0", paramLabel = "T", description = "0 for greedy. Default: ${DEFAULT-VALUE}.")
    float temperature;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "Sampling seed. Default: ${DEFAULT-VALUE}.")
    long seed;

    GenerationSettings settings() {
        try {
            return new GenerationSettings(maxTokens, temperature, seed);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--max-tokens/--temperature", 0, null, e.getMessage());
        }
    }
}
