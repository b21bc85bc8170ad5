package org.recllm.ctr.train;

import org.recllm.core.ops.Elementwise;
import org.recllm.core.ops.Losses;
import org.recllm.core.optim.Optimizer;
import org.recllm.core.tensor.Tape;
import org.recllm.core.tensor.Tensor;
import org.recllm.ctr.features.Batch;
import org.recllm.ctr.models.AuxiliaryLoss;
import org.recllm.ctr.models.CtrModel;

/** One optimisation step on one batch: forward, click loss (+ a model's auxiliary loss), backward, update. */
public final class TrainingStep {
    private final CtrModel model;
    private final Optimizer optimizer;
    private final Tape tape;

    public TrainingStep(CtrModel model, Optimizer optimizer, long seed) {
        this.model = model;
        this.optimizer = optimizer;
        this.tape = new Tape().seed(seed);
    }

    /** Restarts the dropout stream (each epoch does, so a resumed run draws what an uninterrupted one would). */
    public void reseed(long seed) {
        tape.seed(seed);
    }

    /** Runs the step with {@code learningRate}; returns the batch's click loss. */
    public float run(Batch batch, float learningRate) {
        tape.reset().gradients(true).training(true);
        Tensor loss = Losses.bceWithLogits(tape, model.logits(tape, batch), batch.labels());
        Tensor objective = loss;
        if (model instanceof AuxiliaryLoss withAuxiliary && withAuxiliary.auxiliaryLoss() != null) {
            objective = Elementwise.add(tape, loss, withAuxiliary.auxiliaryLoss());
        }
        tape.backward(objective);
        optimizer.step(learningRate);
        return loss.item();
    }
}
