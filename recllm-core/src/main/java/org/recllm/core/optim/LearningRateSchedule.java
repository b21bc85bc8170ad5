package org.recllm.core.optim;

/** The learning rate at each optimiser step: linear warm-up, then constant, linear or cosine decay to a floor. */
public record LearningRateSchedule(Shape shape, float peak, int warmupSteps, long totalSteps, float floor) {

    public enum Shape { CONSTANT, LINEAR, COSINE }

    public LearningRateSchedule {
        if (warmupSteps < 0 || (shape != Shape.CONSTANT && totalSteps <= warmupSteps)) {
            throw new IllegalArgumentException("a decaying schedule needs total steps (" + totalSteps
                    + ") beyond the warm-up (" + warmupSteps + ")");
        }
    }

    public static LearningRateSchedule constant(float rate) {
        return new LearningRateSchedule(Shape.CONSTANT, rate, 0, 0, rate);
    }

    /** The rate for step {@code step} (1-based: the first update is step 1). */
    public float rate(long step) {
        if (step <= warmupSteps) {
            return peak * step / Math.max(1, warmupSteps);
        }
        if (shape == Shape.CONSTANT) {
            return peak;
        }
        double progress = Math.min(1.0, (double) (step - warmupSteps) / (totalSteps - warmupSteps));
        double factor = shape == Shape.LINEAR ? 1 - progress : 0.5 * (1 + Math.cos(Math.PI * progress));
        return (float) (floor + (peak - floor) * factor);
    }
}
