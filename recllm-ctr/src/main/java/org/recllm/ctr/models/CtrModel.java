package org.recllm.ctr.models;

import org.recllm.core.nn.ParameterSet;
import org.recllm.core.tensor.Tape;
import org.recllm.core.tensor.Tensor;
import org.recllm.ctr.features.Batch;
import org.recllm.ctr.inputs.InputEmbedding;

/** A click-through-rate model: a batch of samples in, one logit per sample out. */
public interface CtrModel {
    /** Everything the optimiser trains and a checkpoint saves. */
    ParameterSet parameters();

    /**
     * Logits [B] for the batch's rows; recorded on the tape when it records gradients. Passes that do not train may
     * run at once from several threads, each with its own tape and batch (a server scoring requests).
     */
    Tensor logits(Tape tape, Batch batch);

    /**
     * Each row's user representation [B, D] as the model forms it before scoring — DIN's interest vector, the
     * behaviours pooled by their activation for the candidate — for a frozen model to condition something else on
     * (RecLoRA routes its adapters by it). Models without one refuse.
     */
    default Tensor userRepresentation(Tape tape, Batch batch) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " forms no user representation; "
                + "DIN does (its interest vector over the behaviour sequence)");
    }

    /**
     * The input layer whose stacked field embeddings the backbone reads (knowledge fields included), or null for a
     * model without embeddings (logistic regression): what representation learning such as CTRL's alignment trains.
     */
    default InputEmbedding inputEmbedding() {
        return null;
    }
}
