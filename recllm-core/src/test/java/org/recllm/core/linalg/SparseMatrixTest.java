package org.recllm.core.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SparseMatrixTest {

    /** [[0, 2, 0], [1, 0, 3]], built from entries in any order with a duplicate summed. */
    private static SparseMatrix example() {
        return SparseMatrix.fromEntries(2, 3, new int[] {1, 0, 1, 1}, new int[] {2, 1, 0, 2},
                new float[] {1, 2, 1, 2});
    }

    @Test
    void productTransposeAndScaling() {
        SparseMatrix a = example();
        assertEquals(3, a.entries());
        assertEquals(4f, a.rowSum(1));
        float[] out = new float[2 * 2];
        a.multiplyAdd(new float[] {1, 10, 2, 20, 3, 30}, 2, out);
        assertArrayEquals(new float[] {4, 40, 10, 100}, out);
        SparseMatrix t = a.transpose();
        assertEquals(3, t.rows());
        float[] back = new float[3];
        t.multiplyAdd(new float[] {1, 1}, 1, back);
        assertArrayEquals(new float[] {1, 2, 3}, back, "column sums");
        assertSame(a, t.transpose(), "the transpose of the transpose is the matrix itself");
        float[] scaledOut = new float[2];
        a.scaled(new float[] {1, 0.5f}, new float[] {1, 1, 2}).multiplyAdd(new float[] {1, 1, 1}, 1, scaledOut);
        assertArrayEquals(new float[] {2, 3.5f}, scaledOut);
    }

    @Test
    void malformedMatricesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new SparseMatrix(1, 2, new int[] {0, 2}, new int[] {1, 0},
                new float[] {1, 1}), "columns must ascend in a row");
        assertThrows(IllegalArgumentException.class, () -> SparseMatrix.fromEntries(1, 1, new int[] {0}, new int[] {1},
                new float[] {1}), "an entry outside the matrix");
    }
}
