package org.recllm.ctr.models;

import org.recllm.core.nn.ParameterSet;

/** What every model of the zoo shares: one parameter set, drawn from the model's seed. */
abstract class ZooModel implements CtrModel {
    protected final ParameterSet params;

    ZooModel(long seed) {
        this.params = new ParameterSet(seed);
    }

    @Override
    public final ParameterSet parameters() {
        return params;
    }
}
