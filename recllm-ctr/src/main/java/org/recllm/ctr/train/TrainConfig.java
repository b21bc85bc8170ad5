package org.recllm.ctr.train;

import org.recllm.core.optim.LearningRateSchedule;
import org.recllm.core.optim.OptimizerConfig;

/**
 * How a model is trained, FuxiCTR-style: mini-batches of {@code batchSize}, at most {@code epochs} epochs, validation
 * AUC after each; when it does not improve the learning rate drops tenfold ({@code reduceOnPlateau}) and after
 * {@code patience} such epochs training stops; the best epoch's weights are evaluated on test. The learning rate
 * follows {@code schedule} over all steps of {@code epochs} epochs (linear warm-up for {@code warmupSteps}, then
 * constant, linear or cosine decay), times the plateau factor. A {@code trainBudget} above 0 trains on that many
 * training rows spread evenly over the split ({@link org.recllm.data.store.RowSample}), the rows an LLM ranker tuned
 * on the same budget reads; validation and test stay whole.
 */
public record TrainConfig(int epochs, int batchSize, OptimizerConfig optimizer, int patience, boolean reduceOnPlateau,
                          LearningRateSchedule.Shape schedule, int warmupSteps, int trainBudget) {

    /** The defaults of every command that trains (the model zoo's validated setting on ML100K-U1: batch 1024). */
    public static final int DEFAULT_EPOCHS = 100;
    public static final int DEFAULT_BATCH = 1024;
    public static final String DEFAULT_LEARNING_RATE = "0.001";
    public static final int DEFAULT_PATIENCE = 2;

    public TrainConfig {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        if (patience < 1) {
            throw new IllegalArgumentException("patience must be at least 1 epoch, got " + patience);
        }
        if (warmupSteps < 0) {
            throw new IllegalArgumentException("warm-up steps must not be negative, got " + warmupSteps);
        }
        if (trainBudget < 0) {
            throw new IllegalArgumentException("the training budget must not be negative (0: every row), got " + trainBudget);
        }
    }

    public TrainConfig(int epochs, int batchSize, OptimizerConfig optimizer, int patience, boolean reduceOnPlateau,
                       LearningRateSchedule.Shape schedule, int warmupSteps) {
        this(epochs, batchSize, optimizer, patience, reduceOnPlateau, schedule, warmupSteps, 0);
    }

    public TrainConfig(int epochs, int batchSize, OptimizerConfig optimizer, int patience, boolean reduceOnPlateau) {
        this(epochs, batchSize, optimizer, patience, reduceOnPlateau, LearningRateSchedule.Shape.CONSTANT, 0, 0);
    }

    /** The schedule for epochs of {@code rows} training rows. */
    public LearningRateSchedule scheduleFor(int rows) {
        long steps = (long) epochs * ((rows + batchSize - 1) / batchSize);
        return new LearningRateSchedule(schedule, optimizer.learningRate(), warmupSteps,
                Math.max(steps, warmupSteps + 1L), 0f);
    }

    /**
     * The record's usual text, the budget only when one is set: run journals key finished runs by this text, so runs
     * recorded before budgets existed are still found.
     */
    @Override
    public String toString() {
        return "TrainConfig[epochs=" + epochs + ", batchSize=" + batchSize + ", optimizer=" + optimizer + ", patience="
                + patience + ", reduceOnPlateau=" + reduceOnPlateau + ", schedule=" + schedule + ", warmupSteps="
                + warmupSteps + (trainBudget == 0 ? "" : ", trainBudget=" + trainBudget) + "]";
    }

    /** This configuration trained on {@code budget} rows (0: all). */
    public TrainConfig withTrainBudget(int budget) {
        return new TrainConfig(epochs, batchSize, optimizer, patience, reduceOnPlateau, schedule, warmupSteps, budget);
    }

    public static TrainConfig defaults() {
        return new TrainConfig(DEFAULT_EPOCHS, DEFAULT_BATCH, OptimizerConfig.adam(Float.parseFloat(DEFAULT_LEARNING_RATE)),
                DEFAULT_PATIENCE, true);
    }
}
