package org.recllm.knowledge.encoder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

/** Masked mean pooling ignores padding and yields unit vectors. */
class MeanPoolingTest {

    @Test
    void paddingDoesNotCountAndVectorsHaveUnitLength() {
        // Two rows of three tokens with dimension 2; the second row's last token is padding with a huge state.
        float[] states = {
                3, 0, 0, 4, 3, 0,
                1, 1, 1, 1, 1000, -1000};
        long[] mask = {1, 1, 1, 1, 1, 0};
        float[][] vectors = MeanPooling.pool(states, mask, 2, 3, 2);
        assertArrayEquals(new float[] {0.83205f, 0.5547f}, vectors[0], 1e-5f); // mean (2, 4/3) scaled to unit length
        assertArrayEquals(new float[] {0.70711f, 0.70711f}, vectors[1], 1e-5f);
    }
}
