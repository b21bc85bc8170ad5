package org.recllm.ctr.models;

import org.recllm.core.tensor.Tensor;

/** A model whose training adds a loss of its own (e.g. DIEN's next-behaviour loss) to the click loss. */
public interface AuxiliaryLoss {
    /** The auxiliary loss of the last training forward pass, already weighted; null when there is none. */
    Tensor auxiliaryLoss();
}
