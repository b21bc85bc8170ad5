package org.recllm.core.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * How the SGEMM path of a weight matrix cuts its rows into panels: about 256 rows, a multiple of the threads, never
 * fewer than 64 rows.
 */
class PanelRowsTest {

    @Test
    void shapesOfTheHundredMillionModel() {
        assertEquals(256, RowMatrix.panelRows(768, 1));
        assertEquals(192, RowMatrix.panelRows(768, 2));   // 4 panels, 2 per thread, instead of 3
        assertEquals(256, RowMatrix.panelRows(2048, 2));
        assertEquals(64, RowMatrix.panelRows(64, 2));     // never thinner than 64 rows (see panelRows)
        assertEquals(100, RowMatrix.panelRows(100, 2));
        assertEquals(64, RowMatrix.panelRows(128, 2));
        assertEquals(1, RowMatrix.panelRows(1, 2));
    }

    @Property(tries = 200)
    void panelsCoverEveryRowAndShareOutEvenly(@ForAll @IntRange(min = 1, max = 40_000) int rows,
                                              @ForAll @IntRange(min = 1, max = 16) int threads) {
        int height = RowMatrix.panelRows(rows, threads);
        int panels = (rows + height - 1) / height;
        assertTrue(height >= Math.min(rows, 64) && height <= 256, "height " + height);
        assertTrue((long) panels * height >= rows, "rows covered");
        if (rows >= threads * 256) {
            assertTrue(height > 128, "panels of at least half the target: " + height);
            assertEquals(0, panels % threads, panels + " panels for " + threads + " threads");
        }
    }
}
