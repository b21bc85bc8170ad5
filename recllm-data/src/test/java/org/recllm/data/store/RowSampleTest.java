package org.recllm.data.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class RowSampleTest {

    @Test
    void aLimitTakesRowsAtAnEvenStrideFromTheFirst() {
        assertArrayEquals(new int[] {0, 2, 5, 7}, RowSample.spread(10, 4));
        assertArrayEquals(new int[] {0, 3, 6}, RowSample.spread(9, 3));
    }

    @Test
    void noLimitOrOneAboveTheRowsTakesEveryRow() {
        assertArrayEquals(new int[] {0, 1, 2}, RowSample.spread(3, 0));
        assertArrayEquals(new int[] {0, 1, 2}, RowSample.spread(3, 50));
        assertArrayEquals(new int[0], RowSample.spread(0, 5));
    }

    @Test
    void negativeCountsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> RowSample.spread(10, -1));
        assertThrows(IllegalArgumentException.class, () -> RowSample.spread(-1, 3));
    }
}
