package org.recllm.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.recllm.llm.gguf.GgufFile;
import org.recllm.llm.lora.LoraAdapter;
import org.recllm.llm.lora.LoraAdapterFile;
import org.recllm.llm.lora.LoraMerge;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code recllm llm merge}: a LoRA adapter folded into its base model. */
@Command(name = "merge", mixinStandardHelpOptions = true, description = "Fold a LoRA adapter into its base model: a new "
        + "GGUF with each adapted matrix as F32 W + (alpha/r)·B·A and every other tensor and the metadata as stored.")
final class LlmMergeCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "BASE.gguf", description = "Base model (GGUF).")
    Path model;

    @Option(names = "--lora", required = true, paramLabel = "ADAPTER.gguf", description = "LoRA adapter of that model.")
    Path lora;

    @Option(names = "--out", required = true, paramLabel = "MERGED.gguf", description = "Merged model (GGUF).")
    Path out;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Outputs.requireWritable(out, "--out");
        try (GgufFile base = GgufFile.open(model)) {
            LoraAdapter adapter = LoraAdapterFile.read(lora, base);
            LoraMerge.write(base, adapter, out);
            spec.commandLine().getOut().printf("wrote %s: %d matrices merged (rank %d, alpha %s)%n", out,
                    adapter.pairs().size(), adapter.rank(), adapter.alpha());
        }
        return 0;
    }
}
