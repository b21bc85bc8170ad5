package org.recllm.ctr.models;

import org.recllm.core.tensor.Tape;
import org.recllm.core.tensor.Tensor;
import org.recllm.ctr.features.Batch;
import org.recllm.ctr.inputs.ModelInputs;
import org.recllm.ctr.inputs.LinearTerm;

/** LR: a weight per feature value (sequences mean-pooled) plus a bias. */
public final class LogisticRegressionModel extends ZooModel {
    public record Config() {}

    private final LinearTerm linear;

    public LogisticRegressionModel(Config config, ModelInputs inputs, long seed) {
        super(seed);
        this.linear = new LinearTerm(params, "lr", inputs);
    }

    @Override
    public Tensor logits(Tape tape, Batch batch) {
        return ModelSupport.sumLogits(tape, linear.apply(tape, batch));
    }
}
