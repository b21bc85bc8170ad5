package org.recllm.core.metrics;

/** Validation shared by the metrics: labels must be exactly 0 or 1. */
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
}
