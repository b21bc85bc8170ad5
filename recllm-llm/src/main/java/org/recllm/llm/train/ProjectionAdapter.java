package org.recllm.llm.train;

import org.recllm.core.nn.ParameterSet;
import org.recllm.core.tensor.Tape;
import org.recllm.core.tensor.Tensor;
import org.recllm.llm.model.Projection;

/**
 * Trainable terms added to a frozen decoder's projections (LoRA): the decoder hands each projection's input and
 * output to the adapter, and only the adapter's parameters are trained.
 */
public interface ProjectionAdapter {
    /** The adapter's trainable tensors: all that an optimiser updates when the decoder is frozen. */
    ParameterSet parameters();

    /**
     * Called before each sequence's forward pass with the sequence's condition ({@link TrainingSequence#condition()},
     * null when it has none): an adapter that depends on who the sequence is for (a RecLoRA bank) records it here.
     */
    default void begin(Tape tape, float[] condition) {}

    /**
     * {@code y}, the frozen projection {@code projection} of block {@code layer} applied to {@code x} [T, in], plus
     * this adapter's term for it ({@code y} itself for a projection it does not adapt).
     */
    Tensor adapt(Tape tape, int layer, Projection projection, Tensor x, Tensor y);
}
