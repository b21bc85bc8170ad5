package org.recllm.llm.model;

/** Rotary position embeddings for one head layout: inverse frequencies, and rotation of q/k rows in place. */
final class Rope {
    private final float[] inverseFrequencies;
    private final int headDim;
    private final RopeStyle style;
    private final float positionScale;

    Rope(ModelConfig config, float[] frequencyFactors) {
        int half = config.ropeDimensions() / 2;
        this.inverseFrequencies = new float[half];
        for (int i = 0; i < half; i++) {
            double frequency = Math.pow(config.ropeTheta(), -2.0 * i / config.ropeDimensions());
            if (frequencyFactors != null) {
                frequency /= frequencyFactors[i];
            }
            inverseFrequencies[i] = (float) frequency;
        }
        this.headDim = config.headDim();
        this.style = config.ropeStyle();
        this.positionScale = 1f / config.ropeScale();
    }

    /** Rotates {@code heads} heads of {@code x} starting at {@code offset} for absolute position {@code position}. */
    void rotate(float[] x, int offset, int heads, int position) {
        int half = inverseFrequencies.length;
        for (int i = 0; i < half; i++) {
            double angle = position * positionScale * inverseFrequencies[i];
            float cos = (float) Math.cos(angle);
            float sin = (float) Math.sin(angle);
            int first = style == RopeStyle.NORMAL ? 2 * i : i;
            int second = style == RopeStyle.NORMAL ? 2 * i + 1 : i + half;
            for (int h = 0; h < heads; h++) {
                int base = offset + h * headDim;
                float a = x[base + first];
                float b = x[base + second];
                x[base + first] = a * cos - b * sin;
                x[base + second] = a * sin + b * cos;
            }
        }
    }
}
