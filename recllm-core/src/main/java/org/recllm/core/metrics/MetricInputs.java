package org.recllm.core.metrics;

/** Validation shared by the metrics: labels must be exactly 0 or 1; grouped inputs must agree in length. */
final class MetricInputs {
    private MetricInputs() {}

    static int binaryLabel(float label, int row) {
        if (label == 0f) {
            return 0;
        }
        if (label == 1f) {
            return 1;
        }
        throw new IllegalArgumentException("label at row " + row + " is " + label + "; expected 0 or 1");
    }

    /** Rows are ordered by group over the whole groups array, so scores, labels and groups must hold exactly n rows. */
    static void checkGroupedLengths(int scores, int labels, int groups) {
        if (labels != scores || groups != scores) {
            throw new IllegalArgumentException(
                    "arrays differ in length: scores " + scores + ", labels " + labels + ", groups " + groups);
        }
    }
}
