package org.recllm.knowledge.encoder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

/** Mean pooling averages the token states and yields a unit vector. */
class MeanPoolingTest {

    @Test
    void theMeanOfTheTokensScaledToUnitLength() {
        float[] states = {3, 0, 0, 4, 3, 0}; // three tokens of dimension 2
        assertArrayEquals(new float[] {0.83205f, 0.5547f}, MeanPooling.pool(states, 3, 2), 1e-5f); // (2, 4/3) scaled
        assertArrayEquals(new float[] {0, 0}, MeanPooling.pool(new float[] {0, 0}, 1, 2), "a zero vector stays zero");
    }
}
