package org.recllm.ctr.models;

import org.recllm.core.nn.ParameterSet;
import org.recllm.core.tensor.Tape;
import org.recllm.core.tensor.Tensor;
import org.recllm.ctr.features.Batch;
import org.recllm.ctr.inputs.ModelInputs;
import org.recllm.ctr.inputs.LinearTerm;

/** LR: a weight per feature value (sequences mean-pooled) plus a bias. */
public final class LogisticRegressionModel implements CtrModel {
    public record Config() {}

    private final ParameterSet params;
    private final LinearTerm linear;

    public LogisticRegressionModel(Config config, ModelInputs inputs, long seed) {
        this.params = new ParameterSet(seed);
        this.linear = new LinearTerm(params, "lr", inputs);
    }

    @Override
    public ParameterSet parameters() {
        return params;
    }

    @Override
    public Tensor logits(Tape tape, Batch batch) {
        return ModelSupport.sumLogits(tape, linear.apply(tape, batch));
    }
}
