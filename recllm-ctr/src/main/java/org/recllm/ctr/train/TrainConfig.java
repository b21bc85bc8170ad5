package org.recllm.ctr.train;

import org.recllm.core.optim.OptimizerConfig;

/**
 * How a model is trained, FuxiCTR-style: mini-batches of {@code batchSize}, at most {@code epochs} epochs, validation
 * AUC after each; when it does not improve the learning rate drops tenfold ({@code reduceOnPlateau}) and after
 * {@code patience} such epochs training stops; the best epoch's weights are evaluated on test.
 */
public record TrainConfig(int epochs, int batchSize, OptimizerConfig optimizer, int patience, boolean reduceOnPlateau) {

    public TrainConfig {
        if (epochs < 1 || batchSize < 1 || patience < 1) {
            throw new IllegalArgumentException("epochs, batch size and patience must be at least 1");
        }
    }

    public static TrainConfig defaults() {
        return new TrainConfig(100, 4096, OptimizerConfig.adam(1e-3f), 2, true);
    }
}
