package org.recllm.llm.train;

import org.recllm.core.optim.LearningRateSchedule;
import org.recllm.core.optim.OptimizerConfig;

/**
 * How a decoder is trained: {@code steps} AdamW updates, each on the gradient of the token-mean loss over
 * {@code sequencesPerStep} sequences (accumulated one forward pass at a time), with the rate warmed up linearly over
 * {@code warmupSteps} and then cosine-decayed to a tenth of {@code peakRate}, gradients clipped to norm
 * {@code clipNorm}. The training loss is logged every {@code logEvery} steps, the held-out loss measured every
 * {@code evalEvery} steps and at the end, a resume checkpoint saved every {@code checkpointEvery} steps (0: only when
 * stopping). {@code seed} orders the sequences.
 */
public record TrainingPlan(int steps, int sequencesPerStep, float peakRate, int warmupSteps, float weightDecay,
                           float clipNorm, int logEvery, int evalEvery, int checkpointEvery, long seed) {

    public TrainingPlan {
        if (steps < 1 || sequencesPerStep < 1 || logEvery < 1 || evalEvery < 1 || checkpointEvery < 0) {
            throw new IllegalArgumentException("steps, sequences per step, log and eval intervals must be positive");
        }
        if (warmupSteps < 0 || warmupSteps >= steps) {
            throw new IllegalArgumentException("the warm-up (" + warmupSteps + " steps) must be shorter than the run (" + steps + ")");
        }
    }

    /** A plan with GPT-style defaults: warm-up over 5% of the steps, decay 0.1, clip 1, ten evaluations. */
    public static TrainingPlan of(int steps, int sequencesPerStep, float peakRate, long seed) {
        return new TrainingPlan(steps, sequencesPerStep, peakRate, steps / 20, 0.1f, 1f, Math.max(1, steps / 100),
                Math.max(1, steps / 10), 0, seed);
    }

    public TrainingPlan withEvalEvery(int every) {
        return new TrainingPlan(steps, sequencesPerStep, peakRate, warmupSteps, weightDecay, clipNorm, logEvery, every,
                checkpointEvery, seed);
    }

    public TrainingPlan withLogEvery(int every) {
        return new TrainingPlan(steps, sequencesPerStep, peakRate, warmupSteps, weightDecay, clipNorm, every, evalEvery,
                checkpointEvery, seed);
    }

    public TrainingPlan withCheckpointEvery(int every) {
        return new TrainingPlan(steps, sequencesPerStep, peakRate, warmupSteps, weightDecay, clipNorm, logEvery, evalEvery,
                every, seed);
    }

    public LearningRateSchedule schedule() {
        return new LearningRateSchedule(LearningRateSchedule.Shape.COSINE, peakRate, warmupSteps, steps, peakRate / 10);
    }

    /** AdamW with GPT's β₂ 0.95; weight decay on every parameter (norm gains included, for simplicity). */
    public OptimizerConfig optimizer() {
        return new OptimizerConfig(OptimizerConfig.Kind.ADAMW, peakRate, 0.9f, 0.95f, 1e-8f, weightDecay, 0f, clipNorm);
    }
}
