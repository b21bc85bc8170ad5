package org.recllm.core.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.recllm.core.nn.ParameterSet;
import org.recllm.core.tensor.EmbeddingTable;
import org.recllm.core.tensor.Tensor;

/** Hand-computed updates of Adam, AdamW and AdaGrad, lazy sparse rows, and global-norm clipping. */
class OptimizerTest {

    @Test
    void adamFirstStepMovesByTheLearningRateAgainstTheGradientSign() {
        ParameterSet params = new ParameterSet(1);
        Tensor w = params.constant("w", 1f, 2);
        Optimizer adam = new Optimizer(params, OptimizerConfig.adam(0.1f));
        w.grad()[0] = 4f;
        w.grad()[1] = -0.5f;
        adam.step(0.1f);
        // Bias-corrected m̂ = g, v̂ = g², so the step is lr·g/(|g| + ε) ≈ ±lr.
        assertEquals(0.9f, w.data()[0], 1e-6f);
        assertEquals(1.1f, w.data()[1], 1e-6f);
        assertEquals(0f, w.grad()[0], "gradients are cleared after the step");
    }

    @Test
    void adamSecondStepMatchesTheRecurrence() {
        ParameterSet params = new ParameterSet(1);
        Tensor w = params.constant("w", 0f, 1);
        Optimizer adam = new Optimizer(params, OptimizerConfig.adam(0.01f));
        w.grad()[0] = 1f;
        adam.step(0.01f);
        w.grad()[0] = 3f;
        adam.step(0.01f);
        double m = 0.9 * 0.1 + 0.1 * 3;
        double v = 0.999 * 0.001 + 0.001 * 9;
        double expected = -0.01 - 0.01 * (m / (1 - 0.81)) / (Math.sqrt(v / (1 - 0.999 * 0.999)) + 1e-8);
        assertEquals(expected, w.data()[0], 1e-6);
    }

    @Test
    void adamwDecaysWeightsOutsideTheMoments() {
        ParameterSet params = new ParameterSet(1);
        Tensor w = params.constant("w", 2f, 1);
        Optimizer adamw = new Optimizer(params,
                OptimizerConfig.adam(0.1f).withKind(OptimizerConfig.Kind.ADAMW).withDecay(0.5f, 0f));
        adamw.step(0.1f);
        // Zero gradient: only the decoupled decay acts, w ← w − lr·λ·w.
        assertEquals(2f - 0.1f * 0.5f * 2f, w.data()[0], 1e-6f);
    }

    @Test
    void adagradAccumulatesSquaredGradients() {
        ParameterSet params = new ParameterSet(1);
        Tensor w = params.constant("w", 0f, 1);
        Optimizer adagrad = new Optimizer(params, OptimizerConfig.adam(0.1f).withKind(OptimizerConfig.Kind.ADAGRAD));
        w.grad()[0] = 2f;
        adagrad.step(0.1f);
        w.grad()[0] = 2f;
        adagrad.step(0.1f);
        assertEquals(-0.1f * 2 / 2 - 0.1f * 2 / (float) Math.sqrt(8), w.data()[0], 1e-5f);
    }

    @Test
    void sparseAdamTouchesOnlyBatchRowsAndCorrectsBiasPerRow() {
        ParameterSet params = new ParameterSet(1);
        EmbeddingTable table = params.embedding("e", 4, 2, 0f);
        Optimizer adam = new Optimizer(params, OptimizerConfig.adam(0.1f));
        table.accumulate(1, new float[] {1f, -1f}, 0, 1f);
        adam.step(0.1f);
        table.accumulate(2, new float[] {5f, 5f}, 0, 1f);
        adam.step(0.1f);
        assertEquals(-0.1f, table.weights()[2], 1e-6f);
        assertEquals(0.1f, table.weights()[3], 1e-6f);
        // Row 2's first update is a first step of its own: a full ±lr move despite the global step count of 2.
        assertEquals(-0.1f, table.weights()[4], 1e-6f);
        assertEquals(0f, table.weights()[6], "row 3 was never touched");
        assertEquals(0f, table.weights()[0], "the padding row stays zero");
    }

    @Test
    void globalNormClippingScalesDenseAndSparseGradientsTogether() {
        ParameterSet params = new ParameterSet(1);
        Tensor w = params.constant("w", 0f, 1);
        EmbeddingTable table = params.embedding("e", 2, 1, 0f);
        Optimizer sgdLike = new Optimizer(params, OptimizerConfig.adam(1f).withKind(OptimizerConfig.Kind.ADAGRAD)
                .withClipNorm(1f));
        w.grad()[0] = 3f;
        table.accumulate(1, new float[] {4f}, 0, 1f);
        sgdLike.step(1f);
        // Norm 5 → gradients scaled to 0.6 and 0.8; AdaGrad's first step is then −lr·sign.
        assertEquals(-1f, w.data()[0], 1e-5f);
        assertEquals(-1f, table.weights()[1], 1e-5f);
    }

    @Test
    void stateRoundTripsAndRejectsAnotherModel() {
        ParameterSet params = new ParameterSet(1);
        Tensor w = params.constant("w", 1f, 3);
        Optimizer adam = new Optimizer(params, OptimizerConfig.adam(0.1f));
        w.grad()[1] = 2f;
        adam.step(0.1f);
        ParameterSet other = new ParameterSet(1);
        other.constant("w", 1f, 3);
        Optimizer copy = new Optimizer(other, OptimizerConfig.adam(0.1f));
        copy.restore(adam.state());
        assertEquals(1, copy.steps());
        assertEquals(adam.state().get("m:w")[1], copy.state().get("m:w")[1]);
        ParameterSet bigger = new ParameterSet(1);
        bigger.constant("w", 1f, 4);
        assertThrows(IllegalArgumentException.class, () -> new Optimizer(bigger, OptimizerConfig.adam(0.1f)).restore(adam.state()));
    }

    @Test
    void scheduleWarmsUpThenDecays() {
        LearningRateSchedule cosine = new LearningRateSchedule(LearningRateSchedule.Shape.COSINE, 1f, 10, 110, 0f);
        assertEquals(0.1f, cosine.rate(1), 1e-6f);
        assertEquals(1f, cosine.rate(10), 1e-6f);
        assertEquals(0.5f, cosine.rate(60), 1e-6f);
        assertEquals(0f, cosine.rate(110), 1e-6f);
        LearningRateSchedule linear = new LearningRateSchedule(LearningRateSchedule.Shape.LINEAR, 1f, 0, 100, 0.1f);
        assertEquals(0.55f, linear.rate(50), 1e-6f);
        assertEquals(2f, LearningRateSchedule.constant(2f).rate(1000));
    }
}
