package org.recllm.cli;

import java.util.Set;
import org.recllm.core.io.BadInputException;
import org.recllm.llm.lora.LoraConfig;
import org.recllm.llm.model.Projection;
import picocli.CommandLine.Option;

/** The shape of a LoRA adapter to train: rank, scale, dropout and target projections. */
final class LoraOptions {
    @Option(names = "--rank", defaultValue = "8", paramLabel = "R", description = "Rank of the adapter factors. Default: ${DEFAULT-VALUE}.")
    int rank;

    @Option(names = "--alpha", paramLabel = "A", description = "Scale numerator: the adapter adds (alpha / rank)·B·A. "
            + "Default: the rank (scale 1).")
    Float alpha;

    @Option(names = "--dropout", defaultValue = "0", paramLabel = "D", description = "Dropout rate on the adapter's input "
            + "while training, in [0, 1). Default: ${DEFAULT-VALUE}.")
    float dropout;

    @Option(names = "--targets", defaultValue = "q,v", description = "Projections to adapt, comma-separated among "
            + "q, k, v, o, gate, up, down. Default: ${DEFAULT-VALUE}.")
    String targets;

    /** The adapter configuration, each bad value reported under its option. */
    LoraConfig config() {
        CorpusTrainingOptions.requirePositive(rank, "--rank");
        float a = alpha == null ? rank : alpha;
        if (!(a > 0)) {
            throw new BadInputException("--alpha", 0, null, "expected a positive value, got " + a);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new BadInputException("--dropout", 0, null, "expected a rate in [0, 1), got " + dropout);
        }
        Set<Projection> projections;
        try {
            projections = LoraConfig.targets(targets);
            if (projections.isEmpty()) {
                throw new IllegalArgumentException("no projection named");
            }
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--targets", 0, null, e.getMessage() + " (got '" + targets + "')");
        }
        return new LoraConfig(rank, a, dropout, projections);
    }

    /** "lora r8 q,v", for names and reports. */
    String describe() {
        return "lora r" + rank + " " + targets;
    }
}
