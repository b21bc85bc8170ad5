package org.recllm.ctr.train;

import org.recllm.core.optim.LearningRateSchedule;
import org.recllm.core.optim.OptimizerConfig;

/**
 * How a model is trained, FuxiCTR-style: mini-batches of {@code batchSize}, at most {@code epochs} epochs, validation
 * AUC after each; when it does not improve the learning rate drops tenfold ({@code reduceOnPlateau}) and after
 * {@code patience} such epochs training stops; the best epoch's weights are evaluated on test. The learning rate
 * follows {@code schedule} over all steps of {@code epochs} epochs (linear warm-up for {@code warmupSteps}, then
 * constant, linear or cosine decay), times the plateau factor.
 */
public record TrainConfig(int epochs, int batchSize, OptimizerConfig optimizer, int patience, boolean reduceOnPlateau,
                          LearningRateSchedule.Shape schedule, int warmupSteps) {

    public TrainConfig {
        if (epochs < 1 || batchSize < 1 || patience < 1 || warmupSteps < 0) {
            throw new IllegalArgumentException("epochs, batch size and patience must be at least 1, warm-up not negative");
        }
    }

    public TrainConfig(int epochs, int batchSize, OptimizerConfig optimizer, int patience, boolean reduceOnPlateau) {
        this(epochs, batchSize, optimizer, patience, reduceOnPlateau, LearningRateSchedule.Shape.CONSTANT, 0);
    }

    /** The schedule for a split of {@code rows} training rows. */
    public LearningRateSchedule scheduleFor(int rows) {
        long steps = (long) epochs * ((rows + batchSize - 1) / batchSize);
        return new LearningRateSchedule(schedule, optimizer.learningRate(), warmupSteps,
                Math.max(steps, warmupSteps + 1L), 0f);
    }

    public static TrainConfig defaults() {
        return new TrainConfig(100, 4096, OptimizerConfig.adam(1e-3f), 2, true);
    }
}
