package org.recllm.core.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.recllm.core.parallel.Parallel;

/**
 * Single-precision matrix multiply {@code C (+)= op(A) · op(B)} on row-major heap arrays, in the BLIS style: B is
 * packed into NR-wide column panels, A into MR-high row panels, and an MR×NR register-blocked micro-kernel written
 * with the Vector API does the arithmetic. Tiles of C are spread over the worker pool. Products too thin for panels
 * (a vector on either side) take a direct vectorised path instead.
 *
 * <p>Shapes: {@code op(A)} is m×k ({@code A} is stored k×m when {@code transA}), {@code op(B)} is k×n ({@code B} is
 * stored n×k when {@code transB}); {@code lda}, {@code ldb}, {@code ldc} are the stored row lengths.
 */
public final class Sgemm {
    static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    static final int VL = SPECIES.length();
    static final int MR = 8;
    static final int NR = 2 * VL;
    static final int KC = 256;
    static final int MC = 16 * MR;
    static final int NC = 2048;
    /** Below this many multiply-adds the packing costs more than it saves. */
    private static final long SMALL = 48L * 1024;

    private static final ThreadLocal<float[]> PACKED_A = ThreadLocal.withInitial(() -> new float[MC * KC]);
    private static final ThreadLocal<float[]> PACKED_B = ThreadLocal.withInitial(() -> new float[KC * (NC + NR)]);
    private static final ThreadLocal<float[]> EDGE_TILE = ThreadLocal.withInitial(() -> new float[MR * NR]);

    private Sgemm() {}

    /** C = op(A)·op(B), overwriting C. */
    public static void multiply(boolean transA, boolean transB, int m, int n, int k, float[] a, int aOffset, int lda,
                                float[] b, int bOffset, int ldb, float[] c, int cOffset, int ldc) {
        gemm(transA, transB, m, n, k, a, aOffset, lda, b, bOffset, ldb, c, cOffset, ldc, false);
    }

    /** C += op(A)·op(B). */
    public static void multiplyAdd(boolean transA, boolean transB, int m, int n, int k, float[] a, int aOffset, int lda,
                                   float[] b, int bOffset, int ldb, float[] c, int cOffset, int ldc) {
        gemm(transA, transB, m, n, k, a, aOffset, lda, b, bOffset, ldb, c, cOffset, ldc, true);
    }

    private static void gemm(boolean transA, boolean transB, int m, int n, int k, float[] a, int aOffset, int lda,
                             float[] b, int bOffset, int ldb, float[] c, int cOffset, int ldc, boolean accumulate) {
        if (m == 0 || n == 0) {
            return;
        }
        long start = GemmCounters.start();
        compute(transA, transB, m, n, k, a, aOffset, lda, b, bOffset, ldb, c, cOffset, ldc, accumulate);
        GemmCounters.record(start, 2L * m * n * k);
    }

    private static void compute(boolean transA, boolean transB, int m, int n, int k, float[] a, int aOffset, int lda,
                                float[] b, int bOffset, int ldb, float[] c, int cOffset, int ldc, boolean accumulate) {
        if (!accumulate) {
            for (int i = 0; i < m; i++) {
                java.util.Arrays.fill(c, cOffset + i * ldc, cOffset + i * ldc + n, 0f);
            }
        }
        if (k == 0) {
            return;
        }
        if ((long) m * n * k <= SMALL || n < VL || m < 2 || k == 1) {
            Parallel.forRange(m, Math.max(1, (int) (SMALL / Math.max(1L, (long) n * k))), (from, to) ->
                    direct(transA, transB, from, to, n, k, a, aOffset, lda, b, bOffset, ldb, c, cOffset, ldc));
            return;
        }
        float[] packedB = PACKED_B.get();
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            int panels = (nc + NR - 1) / NR;
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                packB(transB, b, bOffset, ldb, pc, jc, kc, nc, packedB);
                int mBlocks = (m + MC - 1) / MC;
                int nChunks = Math.max(1, Math.min(panels, (2 * Parallel.threads() + mBlocks - 1) / mBlocks));
                int jcFinal = jc;
                int pcFinal = pc;
                Parallel.forEachTask(mBlocks * nChunks, (first, last) -> {
                    float[] packedA = PACKED_A.get();
                    int packedBlock = -1;
                    for (int task = first; task < last; task++) {
                        int block = task / nChunks;
                        int chunk = task % nChunks;
                        int ic = block * MC;
                        int mc = Math.min(MC, m - ic);
                        if (block != packedBlock) {
                            packA(transA, a, aOffset, lda, ic, pcFinal, mc, kc, packedA);
                            packedBlock = block;
                        }
                        int panelFrom = panels * chunk / nChunks;
                        int panelTo = panels * (chunk + 1) / nChunks;
                        for (int panel = panelFrom; panel < panelTo; panel++) {
                            int jr = panel * NR;
                            int cols = Math.min(NR, nc - jr);
                            for (int ir = 0; ir < mc; ir += MR) {
                                int rows = Math.min(MR, mc - ir);
                                int cIndex = cOffset + (ic + ir) * ldc + jcFinal + jr;
                                microKernel(kc, packedA, ir * kc, packedB, panel * kc * NR, c, cIndex, ldc, rows, cols);
                            }
                        }
                    }
                });
            }
        }
    }

    /** Packs B[pc:pc+kc, jc:jc+nc] as NR-wide panels, each kc rows of NR values, zero-padded past nc. */
    private static void packB(boolean transB, float[] b, int offset, int ldb, int pc, int jc, int kc, int nc, float[] out) {
        int panels = (nc + NR - 1) / NR;
        for (int panel = 0; panel < panels; panel++) {
            int j0 = jc + panel * NR;
            int width = Math.min(NR, nc - panel * NR);
            int base = panel * kc * NR;
            for (int p = 0; p < kc; p++) {
                int target = base + p * NR;
                if (!transB) {
                    System.arraycopy(b, offset + (pc + p) * ldb + j0, out, target, width);
                } else {
                    for (int j = 0; j < width; j++) {
                        out[target + j] = b[offset + (j0 + j) * ldb + pc + p];
                    }
                }
                for (int j = width; j < NR; j++) {
                    out[target + j] = 0f;
                }
            }
        }
    }

    /** Packs A[ic:ic+mc, pc:pc+kc] as MR-high panels, each kc columns of MR values, zero-padded past mc. */
    private static void packA(boolean transA, float[] a, int offset, int lda, int ic, int pc, int mc, int kc, float[] out) {
        for (int ir = 0; ir < mc; ir += MR) {
            int height = Math.min(MR, mc - ir);
            int base = ir * kc;
            if (transA) {
                for (int p = 0; p < kc; p++) {
                    int source = offset + (pc + p) * lda + ic + ir;
                    int target = base + p * MR;
                    System.arraycopy(a, source, out, target, height);
                    for (int r = height; r < MR; r++) {
                        out[target + r] = 0f;
                    }
                }
            } else {
                for (int r = 0; r < MR; r++) {
                    if (r < height) {
                        int source = offset + (ic + ir + r) * lda + pc;
                        for (int p = 0; p < kc; p++) {
                            out[base + p * MR + r] = a[source + p];
                        }
                    } else {
                        for (int p = 0; p < kc; p++) {
                            out[base + p * MR + r] = 0f;
                        }
                    }
                }
            }
        }
    }

    /** C[rows×cols tile] += packed A panel (MR×kc) · packed B panel (kc×NR). */
    private static void microKernel(int kc, float[] a, int aIndex, float[] b, int bIndex, float[] c, int cIndex, int ldc,
                                    int rows, int cols) {
        float[] tile = EDGE_TILE.get();
        multiplyPanels(kc, a, aIndex, b, bIndex, tile);
        if (rows == MR && cols == NR) {
            for (int r = 0; r < MR; r++) {
                int row = cIndex + r * ldc;
                FloatVector.fromArray(SPECIES, c, row).add(FloatVector.fromArray(SPECIES, tile, r * NR)).intoArray(c, row);
                FloatVector.fromArray(SPECIES, c, row + VL).add(FloatVector.fromArray(SPECIES, tile, r * NR + VL))
                        .intoArray(c, row + VL);
            }
            return;
        }
        for (int r = 0; r < rows; r++) {
            int row = cIndex + r * ldc;
            for (int j = 0; j < cols; j++) {
                c[row + j] += tile[r * NR + j];
            }
        }
    }

    /** tile[MR×NR] = A panel · B panel: the register-blocked inner loop, kept small so the JIT keeps it in registers. */
    private static void multiplyPanels(int kc, float[] a, int aIndex, float[] b, int bIndex, float[] tile) {
        FloatVector c00 = FloatVector.zero(SPECIES), c01 = FloatVector.zero(SPECIES);
        FloatVector c10 = FloatVector.zero(SPECIES), c11 = FloatVector.zero(SPECIES);
        FloatVector c20 = FloatVector.zero(SPECIES), c21 = FloatVector.zero(SPECIES);
        FloatVector c30 = FloatVector.zero(SPECIES), c31 = FloatVector.zero(SPECIES);
        FloatVector c40 = FloatVector.zero(SPECIES), c41 = FloatVector.zero(SPECIES);
        FloatVector c50 = FloatVector.zero(SPECIES), c51 = FloatVector.zero(SPECIES);
        FloatVector c60 = FloatVector.zero(SPECIES), c61 = FloatVector.zero(SPECIES);
        FloatVector c70 = FloatVector.zero(SPECIES), c71 = FloatVector.zero(SPECIES);
        for (int p = 0; p < kc; p++) {
            FloatVector b0 = FloatVector.fromArray(SPECIES, b, bIndex);
            FloatVector b1 = FloatVector.fromArray(SPECIES, b, bIndex + VL);
            bIndex += NR;
            FloatVector x = FloatVector.broadcast(SPECIES, a[aIndex]);
            c00 = b0.fma(x, c00);
            c01 = b1.fma(x, c01);
            x = FloatVector.broadcast(SPECIES, a[aIndex + 1]);
            c10 = b0.fma(x, c10);
            c11 = b1.fma(x, c11);
            x = FloatVector.broadcast(SPECIES, a[aIndex + 2]);
            c20 = b0.fma(x, c20);
            c21 = b1.fma(x, c21);
            x = FloatVector.broadcast(SPECIES, a[aIndex + 3]);
            c30 = b0.fma(x, c30);
            c31 = b1.fma(x, c31);
            x = FloatVector.broadcast(SPECIES, a[aIndex + 4]);
            c40 = b0.fma(x, c40);
            c41 = b1.fma(x, c41);
            x = FloatVector.broadcast(SPECIES, a[aIndex + 5]);
            c50 = b0.fma(x, c50);
            c51 = b1.fma(x, c51);
            x = FloatVector.broadcast(SPECIES, a[aIndex + 6]);
            c60 = b0.fma(x, c60);
            c61 = b1.fma(x, c61);
            x = FloatVector.broadcast(SPECIES, a[aIndex + 7]);
            c70 = b0.fma(x, c70);
            c71 = b1.fma(x, c71);
            aIndex += MR;
        }
        c00.intoArray(tile, 0);
        c01.intoArray(tile, VL);
        c10.intoArray(tile, NR);
        c11.intoArray(tile, NR + VL);
        c20.intoArray(tile, 2 * NR);
        c21.intoArray(tile, 2 * NR + VL);
        c30.intoArray(tile, 3 * NR);
        c31.intoArray(tile, 3 * NR + VL);
        c40.intoArray(tile, 4 * NR);
        c41.intoArray(tile, 4 * NR + VL);
        c50.intoArray(tile, 5 * NR);
        c51.intoArray(tile, 5 * NR + VL);
        c60.intoArray(tile, 6 * NR);
        c61.intoArray(tile, 6 * NR + VL);
        c70.intoArray(tile, 7 * NR);
        c71.intoArray(tile, 7 * NR + VL);
    }

    /**
     * Rows [from, to) of C += op(A)·op(B) without packing. Matrix–vector products (n = 1) become dots or row axpys,
     * outer products (k = 1) row axpys; other thin products run a row-axpy or dot loop.
     */
    private static void direct(boolean transA, boolean transB, int from, int to, int n, int k, float[] a, int aOffset,
                               int lda, float[] b, int bOffset, int ldb, float[] c, int cOffset, int ldc) {
        // op(B) column 0 is contiguous when B is stored [1, k] (transposed) or [k, 1] with unit stride.
        boolean columnContiguous = n == 1 && (transB || ldb == 1);
        if (columnContiguous && !transA) {
            for (int i = from; i < to; i++) {
                c[cOffset + i * ldc] += VectorMath.dot(a, aOffset + i * lda, b, bOffset, k);
            }
            return;
        }
        if (columnContiguous && ldc == 1) {
            // C[from:to] += Σ_p b_p · A_stored[p, from:to]: rows of the stored A are contiguous.
            for (int p = 0; p < k; p++) {
                VectorMath.axpy(b[bOffset + p], a, aOffset + p * lda + from, c, cOffset + from, to - from);
            }
            return;
        }
        boolean rowContiguous = !transB || (k == 1 && ldb == 1);
        for (int i = from; i < to; i++) {
            int cRow = cOffset + i * ldc;
            if (rowContiguous) {
                for (int p = 0; p < k; p++) {
                    float aip = transA ? a[aOffset + p * lda + i] : a[aOffset + i * lda + p];
                    if (aip != 0f) {
                        VectorMath.axpy(aip, b, bOffset + (transB ? p : p * ldb), c, cRow, n);
                    }
                }
            } else if (!transA) {
                for (int j = 0; j < n; j++) {
                    c[cRow + j] += VectorMath.dot(a, aOffset + i * lda, b, bOffset + j * ldb, k);
                }
            } else {
                for (int j = 0; j < n; j++) {
                    float sum = 0f;
                    for (int p = 0; p < k; p++) {
                        sum += a[aOffset + p * lda + i] * b[bOffset + j * ldb + p];
                    }
                    c[cRow + j] += sum;
                }
            }
        }
    }
}
