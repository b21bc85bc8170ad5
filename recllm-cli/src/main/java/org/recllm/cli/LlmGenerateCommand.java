package org.recllm.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.recllm.core.io.BadInputException;
import org.recllm.llm.LanguageModel;
import org.recllm.llm.generate.Generator;
import org.recllm.llm.sampling.Sampler;
import org.recllm.llm.sampling.SamplerConfig;
import org.recllm.llm.tokenizer.Detokenizer;
import org.recllm.llm.tokenizer.Message;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code recllm llm generate}: a continuation of a prompt, streamed as it is produced. */
@Command(name = "generate", mixinStandardHelpOptions = true, description = "Generate text with a GGUF model (greedy at temperature 0).")
final class LlmGenerateCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "M.gguf", description = "GGUF model file.")
    Path model;

    @Option(names = "--prompt", required = true, description = "Prompt text.")
    String prompt;

    @Option(names = "-n", defaultValue = "64", description = "Maximum new tokens. Default: ${DEFAULT-VALUE}.")
    int tokens;

    @Option(names = "--temperature", defaultValue = "0", description = "0 for greedy. Default: ${DEFAULT-VALUE}.")
    float temperature;

    @Option(names = "--top-k", defaultValue = "40", description = "Default: ${DEFAULT-VALUE} (0: off).")
    int topK;

    @Option(names = "--top-p", defaultValue = "0.95", description = "Default: ${DEFAULT-VALUE}.")
    float topP;

    @Option(names = "--min-p", defaultValue = "0.05", description = "Default: ${DEFAULT-VALUE}.")
    float minP;

    @Option(names = "--repeat-penalty", defaultValue = "1.0", description = "Default: ${DEFAULT-VALUE} (off).")
    float repeatPenalty;

    @Option(names = "--seed", defaultValue = "1", description = "Sampling seed. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--chat", description = "Wrap the prompt in the model's chat template as a user message.")
    boolean chat;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (tokens < 1) {
            throw new BadInputException("-n", 0, null, "expected at least 1 token, got " + tokens);
        }
        SamplerConfig sampling = new SamplerConfig(temperature, topK, topP, minP, repeatPenalty, 64, seed);
        var out = spec.commandLine().getOut();
        try (LanguageModel llm = LanguageModel.open(model)) {
            int[] input;
            if (chat) {
                input = llm.chatPrompt(List.of(Message.user(prompt)));
            } else {
                input = llm.prompt(prompt);
                out.print(prompt);
            }
            Detokenizer text = new Detokenizer(llm.tokenizer());
            Generator.Result result = new Generator(llm.transformer()).generate(input, tokens, new Sampler(sampling),
                    token -> llm.tokenizer().endOfGeneration().contains(token), token -> {
                        out.print(text.accept(token));
                        out.flush();
                    });
            out.println(text.finish());
            System.err.printf(Locale.ROOT, "%d prompt tokens at %.1f tok/s, %d generated at %.1f tok/s%s%n",
                    result.promptTokens(), result.prefillTokensPerSecond(), result.tokens().length,
                    result.decodeTokensPerSecond(), result.stoppedAtEnd() ? " (end of generation)" : "");
        }
        return 0;
    }
}
