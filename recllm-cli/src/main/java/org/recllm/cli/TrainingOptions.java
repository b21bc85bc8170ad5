package org.recllm.cli;

import org.recllm.core.io.BadInputException;
import org.recllm.core.optim.LearningRateSchedule;
import org.recllm.core.optim.OptimizerConfig;
import org.recllm.ctr.train.TrainConfig;
import org.recllm.knowledge.experiment.ExperimentFile;
import picocli.CommandLine.Option;

/**
 * How models are trained, for every command that trains: one set of options with one set of defaults (those of
 * {@link TrainConfig}), each checked here with an error naming the option. A value given here overrides the
 * experiment file's, which overrides the default.
 */
final class TrainingOptions {
    private static final int MAX_SEEDS = 1000;
    private static final int MAX_EPOCHS = 100_000;
    private static final int MAX_BATCH = 1 << 20;

    @Option(names = "--seeds", paramLabel = "N", description = "Seeds 1..N (initialisation, shuffling, dropout). "
            + "Default: 1 (experiment kar: 5).")
    Integer seeds;

    @Option(names = "--epochs", paramLabel = "E", description = "Maximum epochs. Default: " + TrainConfig.DEFAULT_EPOCHS + ".")
    Integer epochs;

    @Option(names = "--batch", paramLabel = "B", description = "Mini-batch size. Default: " + TrainConfig.DEFAULT_BATCH + ".")
    Integer batch;

    @Option(names = "--lr", paramLabel = "LR", description = "Learning rate (Adam). Default: " + TrainConfig.DEFAULT_LEARNING_RATE + ".")
    Float learningRate;

    @Option(names = "--weight-decay", paramLabel = "L2", description = "L2 on dense weights. Default: 0.")
    Float weightDecay;

    @Option(names = "--embedding-decay", paramLabel = "L2", description = "L2 on the embedding rows a batch touches. Default: 0.")
    Float embeddingDecay;

    @Option(names = "--patience", paramLabel = "N", description = "Epochs without a validation AUC gain before stopping "
            + "(each such epoch also divides the learning rate by 10). Default: " + TrainConfig.DEFAULT_PATIENCE + ".")
    Integer patience;

    @Option(names = "--schedule", paramLabel = "SHAPE",
            description = "Learning-rate schedule over all steps: constant, linear or cosine. Default: constant.")
    String schedule;

    @Option(names = "--warmup", paramLabel = "STEPS", description = "Linear warm-up steps. Default: 0.")
    Integer warmup;

    @Option(names = "--train-budget", paramLabel = "N", description = "Train on N training samples spread evenly over the "
            + "training split (the ones rank finetune --budget N tunes on); validation and test stay whole. Default: all.")
    Integer trainBudget;

    /** The seeds: this option, else the file's, else {@code fallback}. */
    int seeds(ExperimentFile file, int fallback) {
        int value = ExperimentOptions.first(seeds, file.seeds(), fallback);
        return checked("--seeds", value, 1, MAX_SEEDS);
    }

    /** The training configuration: these options over the file's train section over the defaults. */
    TrainConfig config(ExperimentFile file) {
        ExperimentFile.Train given = file.trainOrEmpty();
        TrainConfig defaults = TrainConfig.defaults();
        int epochCount = checked("--epochs", ExperimentOptions.first(epochs, given.epochs(), defaults.epochs()), 1, MAX_EPOCHS);
        int batchSize = checked("--batch", ExperimentOptions.first(batch, given.batch(), defaults.batchSize()), 1, MAX_BATCH);
        int patienceEpochs = checked("--patience", ExperimentOptions.first(patience, given.patience(), defaults.patience()), 1, MAX_EPOCHS);
        int warmupSteps = checked("--warmup", ExperimentOptions.first(warmup, given.warmup(), defaults.warmupSteps()), 0, Integer.MAX_VALUE);
        float rate = ExperimentOptions.first(learningRate, given.lr(), defaults.optimizer().learningRate());
        if (!(rate > 0) || !(rate <= 10) ) {
            throw new BadInputException("--lr", 0, null, "expected a learning rate in (0, 10], got " + rate);
        }
        float dense = nonNegative("--weight-decay", ExperimentOptions.first(weightDecay, given.weightDecay(), 0f));
        float embeddings = nonNegative("--embedding-decay", ExperimentOptions.first(embeddingDecay, given.embeddingDecay(), 0f));
        String shape = ExperimentOptions.first(schedule, given.schedule(), "constant");
        LearningRateSchedule.Shape parsed = switch (shape) {
            case "constant" -> LearningRateSchedule.Shape.CONSTANT;
            case "linear" -> LearningRateSchedule.Shape.LINEAR;
            case "cosine" -> LearningRateSchedule.Shape.COSINE;
            default -> throw new BadInputException("--schedule", 0, null, "expected constant, linear or cosine, got '" + shape + "'");
        };
        int budget = trainBudget == null ? 0 : checked("--train-budget", trainBudget, 1, Integer.MAX_VALUE);
        return new TrainConfig(epochCount, batchSize, OptimizerConfig.adam(rate).withDecay(dense, embeddings), patienceEpochs,
                defaults.reduceOnPlateau(), parsed, warmupSteps, budget);
    }

    private static int checked(String option, int value, int min, int max) {
        if (value < min || value > max) {
            throw new BadInputException(option, 0, null, "expected " + min + " to " + max + ", got " + value);
        }
        return value;
    }

    private static float nonNegative(String option, float value) {
        if (!(value >= 0) || Float.isInfinite(value)) {
            throw new BadInputException(option, 0, null, "expected a finite value ≥ 0, got " + value);
        }
        return value;
    }
}
