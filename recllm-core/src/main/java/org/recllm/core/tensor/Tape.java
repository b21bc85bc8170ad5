package org.recllm.core.tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Records the backward step of every operation that touches a tensor requiring a gradient, and replays them in
 * reverse from a scalar loss. Owns the workspace the step's intermediate tensors live in: {@link #reset()} starts a
 * new step and recycles them. Also carries the step's mode (training or not) and the random stream for dropout.
 */
public final class Tape {
    /** One operation's contribution to its inputs' gradients, given its output's gradient. */
    @FunctionalInterface
    public interface Backward {
        void run();
    }

    /**
     * Misuse checks, on in tests ({@code -Drecllm.tape.checks=true}) and off in production, where the JIT removes
     * them: a workspace tensor used after its tape was reset fails at once, and the unused tail of each reused buffer
     * is filled with NaN so that code reading past {@link Tensor#size()} poisons its results instead of silently
     * reading an earlier step's values.
     */
    static final boolean CHECKS = Boolean.getBoolean("recllm.tape.checks");

    private final Workspace workspace = new Workspace();
    private int generation;
    private final List<Backward> steps = new ArrayList<>();
    private boolean gradients = true;
    private boolean training = true;
    private SplittableRandom random = new SplittableRandom(0);

    /** Starts a new step: forgets recorded operations and recycles the workspace. */
    public Tape reset() {
        generation++;
        steps.clear();
        workspace.reset();
        return this;
    }

    /** Whether operations record backward steps (off for scoring). */
    public Tape gradients(boolean enabled) {
        this.gradients = enabled;
        return this;
    }

    public boolean gradients() {
        return gradients;
    }

    /** Training mode: dropout active, batch norm uses batch statistics. */
    public Tape training(boolean enabled) {
        this.training = enabled;
        return this;
    }

    public boolean training() {
        return training;
    }

    public Tape seed(long seed) {
        this.random = new SplittableRandom(seed);
        return this;
    }

    public SplittableRandom random() {
        return random;
    }

    public Workspace workspace() {
        return workspace;
    }

    /** A new tensor for an operation's result; it carries a zeroed gradient when any input does and gradients are on. */
    public Tensor result(boolean inputsRequireGrad, int... shape) {
        int size = Tensor.sizeOf(shape);
        float[] data = workspace.take(size);
        float[] grad = gradients && inputsRequireGrad ? workspace.takeZeroed(size) : null;
        return owned(data, grad, shape);
    }

    private Tensor owned(float[] data, float[] grad, int[] shape) {
        Tensor tensor = new Tensor(data, grad, shape, null);
        if (CHECKS) {
            tensor.own(this, generation);
            java.util.Arrays.fill(data, tensor.size(), data.length, Float.NaN);
        }
        return tensor;
    }

    /** The step a tensor of this tape must belong to; see {@link #CHECKS}. */
    int generation() {
        return generation;
    }

    /** As {@link #result} with zeroed data. */
    public Tensor zeroedResult(boolean inputsRequireGrad, int... shape) {
        Tensor tensor = result(inputsRequireGrad, shape);
        java.util.Arrays.fill(tensor.data(), 0, tensor.size(), 0f);
        return tensor;
    }

    /** A constant tensor in the workspace (e.g. a batch of inputs); no gradient. */
    public Tensor constant(int... shape) {
        return owned(workspace.take(Tensor.sizeOf(shape)), null, shape);
    }

    public void record(Backward backward) {
        steps.add(backward);
    }

    public int recorded() {
        return steps.size();
    }

    /** Seeds d(loss)/d(loss) = 1 and runs every recorded step in reverse order. */
    public void backward(Tensor loss) {
        if (loss.size() != 1) {
            throw new IllegalArgumentException("backward needs a scalar loss, got shape " + java.util.Arrays.toString(loss.shape()));
        }
        if (!loss.requiresGrad()) {
            throw new IllegalStateException("the loss does not depend on anything that requires a gradient");
        }
        loss.grad()[0] += 1f;
        replay();
    }

    /**
     * Adds {@code outputGradient} to {@code output}'s gradient and runs every recorded step in reverse: the backward
     * pass of a part of a larger computation (one layer recomputed for its gradient) whose output's gradient the
     * larger computation has already found.
     */
    public void backward(Tensor output, float[] outputGradient) {
        if (!output.requiresGrad()) {
            throw new IllegalStateException("the output does not depend on anything that requires a gradient");
        }
        if (outputGradient.length < output.size()) {
            throw new IllegalArgumentException("a gradient of " + outputGradient.length + " floats for an output of "
                    + output.size());
        }
        float[] grad = output.grad();
        for (int i = 0; i < output.size(); i++) {
            grad[i] += outputGradient[i];
        }
        replay();
    }

    private void replay() {
        for (int i = steps.size() - 1; i >= 0; i--) {
            steps.get(i).run();
        }
    }

    /** True when any of {@code tensors} requires a gradient. */
    public static boolean anyRequiresGrad(Tensor... tensors) {
        for (Tensor tensor : tensors) {
            if (tensor != null && tensor.requiresGrad()) {
                return true;
            }
        }
        return false;
    }
}
