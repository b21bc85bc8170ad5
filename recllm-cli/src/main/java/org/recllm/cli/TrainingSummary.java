package org.recllm.cli;

import java.util.Locale;
import org.recllm.ctr.train.TrainConfig;

/** A training configuration in one short line, the same in every table and log that shows one. */
final class TrainingSummary {
    private TrainingSummary() {}

    static String of(TrainConfig config) {
        var optimizer = config.optimizer();
        return String.format(Locale.ROOT, "batch %d, lr %s, ≤ %d epochs, patience %d, %s%s%s", config.batchSize(),
                optimizer.learningRate(), config.epochs(), config.patience(),
                config.schedule().name().toLowerCase(Locale.ROOT),
                config.warmupSteps() > 0 ? " (warm-up " + config.warmupSteps() + ")" : "",
                optimizer.weightDecay() > 0 || optimizer.embeddingDecay() > 0
                        ? ", decay " + optimizer.weightDecay() + "/" + optimizer.embeddingDecay() : "");
    }
}
