package org.recllm.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.recllm.core.io.BadInputException;
import org.recllm.core.quant.GgmlType;
import org.recllm.llm.gguf.RandomModelSpec;
import org.recllm.llm.gguf.RandomModels;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code recllm llm random-model}: a GGUF model with random weights, for engine tests and speed measurements. */
@Command(name = "random-model", mixinStandardHelpOptions = true,
        description = "Write a GGUF model with random weights (decode speed does not depend on the values).")
final class LlmRandomModelCommand implements Callable<Integer> {
    @Option(names = "--preset", defaultValue = "tiny", description = "tiny, small (width 256: every weight type fits), 100m or 500m. Default: ${DEFAULT-VALUE}.")
    String preset;

    @Option(names = "--arch", defaultValue = "llama", description = "llama, qwen2 or mistral (tiny and small presets only). Default: ${DEFAULT-VALUE}.")
    String architecture;

    @Option(names = "--type", defaultValue = "F32", description = "Storage type of the weight matrices and embeddings "
            + "(norms and biases are always F32): F32, F16, BF16, Q8_0, Q4_0, Q4_K or Q6_K. Default: ${DEFAULT-VALUE} "
            + "(unquantised; pass Q8_0 or another type for quantised speed figures).")
    String type;

    @Option(names = "--seed", defaultValue = "1", description = "Seed every weight derives from: the same preset, type and "
            + "seed give the same file. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--out", required = true, paramLabel = "FILE.gguf", description = "Where to write the model (replaced "
            + "atomically if it exists).")
    Path out;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Outputs.requireWritable(out, "--out");
        GgmlType weights;
        try {
            weights = GgmlType.valueOf(type.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--type", 0, null, "unknown weight type '" + type + "'");
        }
        RandomModelSpec model;
        try {
            model = switch (preset) {
                case "tiny" -> RandomModelSpec.tiny(architecture, weights, seed);
                case "small" -> RandomModelSpec.small(architecture, weights, seed);
                case "100m" -> RandomModelSpec.about100M(weights, seed);
                case "500m" -> RandomModelSpec.about500M(weights, seed);
                default -> throw new BadInputException("--preset", 0, null, "expected tiny, small, 100m or 500m, got '" + preset + "'");
            };
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--type", 0, null, e.getMessage());
        }
        RandomModels.write(model, out);
        spec.commandLine().getOut().printf(Locale.ROOT, "wrote %s: %s, %,d parameters, %s weights%n", out,
                model.ggufArchitecture(), model.parameterCount(), weights);
        return 0;
    }
}
