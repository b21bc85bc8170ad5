package org.recllm.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.recllm.core.io.BadInputException;
import org.recllm.llm.LanguageModel;
import org.recllm.llm.model.TextEmbedder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code recllm llm embed}: a text's hidden states pooled into one vector. */
@Command(name = "embed", mixinStandardHelpOptions = true,
        description = "Embed text with a GGUF model's hidden states (mean or last-token pooling of a layer).")
final class LlmEmbedCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "M.gguf", description = "GGUF model file.")
    Path model;

    @Mixin
    AdapterOption adapter;

    @Option(names = "--text", required = true, description = "Text to embed.")
    String text;

    @Option(names = "--layer", defaultValue = "0", description = "Block whose output to pool (1..layers; 0 = last, final-normed). Default: ${DEFAULT-VALUE}.")
    int layer;

    @Option(names = "--pooling", defaultValue = "mean", description = "mean or last. Default: ${DEFAULT-VALUE}.")
    String pooling;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        TextEmbedder.Pooling mode = switch (pooling) {
            case "mean" -> TextEmbedder.Pooling.MEAN;
            case "last" -> TextEmbedder.Pooling.LAST;
            default -> throw new BadInputException("--pooling", 0, null, "expected mean or last, got '" + pooling + "'");
        };
        try (LanguageModel llm = LanguageModel.open(model, adapter.lora)) {
            if (layer < 0 || layer > llm.config().layers()) {
                throw new BadInputException("--layer", 0, null, "expected 0 (the last block) or a block from 1 to "
                        + llm.config().layers() + ", got " + layer);
            }
            int chosen = layer == 0 ? llm.config().layers() : layer;
            float[] vector = new TextEmbedder(llm, chosen, mode).embed(text);
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < vector.length; i++) {
                line.append(i == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.6f", vector[i]));
            }
            spec.commandLine().getOut().println(line);
        }
        return 0;
    }
}
