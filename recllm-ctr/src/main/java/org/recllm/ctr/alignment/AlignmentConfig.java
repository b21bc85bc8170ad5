package org.recllm.ctr.alignment;

import java.util.Locale;

/**
 * CTRL's stage 1 (Li et al. 2023): {@code epochs} passes over the training rows in contrastive batches of
 * {@code batchSize} rows (in-batch negatives), {@code accumulation} batches per optimizer step; both views projected
 * to {@code sharedDim} (the tabular one through a hidden layer of {@code projectionHidden}); symmetric InfoNCE at
 * {@code temperature}; plus {@code fineWeight} times the fine-grained term, whose similarity of a sample and a text is
 * the mean over the sample's fields of the field's best-matching token in the text, both projected to {@code fineDim},
 * contrasted within groups of {@code fineGroup} rows (its cost grows with the square of the group, not the batch).
 */
public record AlignmentConfig(int epochs, float temperature, int sharedDim, int projectionHidden, float fineWeight,
                              int fineDim, int fineGroup, int batchSize, int accumulation) {

    public static final int DEFAULT_EPOCHS = 2;
    public static final float DEFAULT_TEMPERATURE = 0.7f;

    public AlignmentConfig {
        require(epochs >= 1, "epochs must be at least 1, got " + epochs);
        require(temperature > 0 && Float.isFinite(temperature), "temperature must be positive, got " + temperature);
        require(sharedDim >= 1 && projectionHidden >= 1 && fineDim >= 1,
                "projection sizes must be positive, got " + sharedDim + ", " + projectionHidden + ", " + fineDim);
        require(fineWeight >= 0 && Float.isFinite(fineWeight), "the fine-grained weight must be ≥ 0, got " + fineWeight);
        require(fineGroup >= 2, "the fine-grained group needs at least 2 rows (one positive, one negative), got " + fineGroup);
        require(batchSize >= 2, "a contrastive batch needs at least 2 rows, got " + batchSize);
        require(accumulation >= 1, "accumulation must be at least 1 batch, got " + accumulation);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    public static AlignmentConfig defaults() {
        return new AlignmentConfig(DEFAULT_EPOCHS, DEFAULT_TEMPERATURE, 128, 256, 1f, 32, 16, 1024, 1);
    }

    public AlignmentConfig withEpochs(int value) {
        return new AlignmentConfig(value, temperature, sharedDim, projectionHidden, fineWeight, fineDim, fineGroup,
                batchSize, accumulation);
    }

    /** Part of a run's identity (journal key) and of its report. */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "epochs=%d temperature=%s shared=%d hidden=%d fine=%s/%d/group%d batch=%dx%d",
                epochs, temperature, sharedDim, projectionHidden, fineWeight, fineDim, fineGroup, batchSize, accumulation);
    }
}
