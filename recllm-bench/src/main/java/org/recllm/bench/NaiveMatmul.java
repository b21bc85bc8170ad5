package org.recllm.bench;

/**
 * The baseline {@code Sgemm} is measured against: the textbook i-k-j triple loop in plain Java, one thread, no
 * packing or blocking. The i-k-j order (not i-j-k) is what a careful programmer writes without a BLAS, and its
 * contiguous inner loop lets C2 auto-vectorise it, so the ratio measures blocking, packing, register tiling and threads,
 * not merely "vectorised vs scalar". With {@code transB} the inner loop strides through B, as a naive port would.
 */
final class NaiveMatmul {
    private NaiveMatmul() {}

    /** C = op(A)·op(B) with the same argument meaning as {@code Sgemm.multiply} (offsets zero). */
    static void multiply(boolean transA, boolean transB, int m, int n, int k, float[] a, int lda, float[] b, int ldb,
                         float[] c, int ldc) {
        for (int i = 0; i < m; i++) {
            int row = i * ldc;
            java.util.Arrays.fill(c, row, row + n, 0f);
            for (int p = 0; p < k; p++) {
                float aip = transA ? a[p * lda + i] : a[i * lda + p];
                if (transB) {
                    for (int j = 0; j < n; j++) {
                        c[row + j] += aip * b[j * ldb + p];
                    }
                } else {
                    int bRow = p * ldb;
                    for (int j = 0; j < n; j++) {
                        c[row + j] += aip * b[bRow + j];
                    }
                }
            }
        }
    }
}
