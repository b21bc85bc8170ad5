package org.recllm.core.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.recllm.core.io.BadInputException;
import org.recllm.core.parallel.Parallel;

/**
 * Single-precision matrix multiply {@code C (+)= op(A) · op(B)} on row-major heap arrays, in the BLIS style: B is
 * packed into NR-wide column panels and an MR×NR register-blocked micro-kernel written with the Vector API does the
 * arithmetic on MR rows of op(A). When n is narrow (few B panels), it reads those rows side by side: untransposed A
 * in place (its rows are already contiguous runs of k; copied only for a block's last rows, fewer than MR, and when
 * their stride is a multiple of 4 KiB), a transposed A packed a block at a time into such rows. When n is wide, A is
 * packed into interleaved MR-high panels, whose kernel loop is cheaper ({@link #IN_PLACE_PANELS}). Tiles of C are
 * spread over the worker pool. Products too thin for panels (a vector on either side) take a direct vectorised path
 * instead.
 *
 * <p>The micro-kernel's height follows the CPU's vector registers: its MR × 2 accumulators, the two B vectors and
 * the MR broadcasts of A (C2 issues all of a step's broadcasts before its multiply-adds, each in its own register)
 * must stay in registers, or an accumulator lives on the stack and every step waits on a store and a reload. With
 * 512-bit vectors (AVX-512: 32 registers) that allows 8 rows (26 registers); with 256-bit ones (AVX2: 16 registers)
 * 4 rows (14): 6 rows spill one accumulator there and run at half the speed of 4. {@code -Drecllm.gemm.rows=4|8}
 * overrides the choice.
 *
 * <p>Within a block of A, one row panel meets every B panel in turn: C is then written along its rows, which the
 * hardware prefetchers follow (Java has no prefetch instruction), and the B block streams from L2.
 *
 * <p>Shapes: {@code op(A)} is m×k ({@code A} is stored k×m when {@code transA}), {@code op(B)} is k×n ({@code B} is
 * stored n×k when {@code transB}); {@code lda}, {@code ldb}, {@code ldc} are the stored row lengths.
 */
public final class Sgemm {
    static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    static final int VL = SPECIES.length();
    static final int MR = rows(System.getProperty("recllm.gemm.rows"), VL);
    static final int NR = 2 * VL;
    /**
     * Depth of a packed block. Deep enough that the CTR and LLM widths (up to 512) take their rows of A whole, in
     * one sequential run the prefetchers follow, and C is read and written once per product, not once per block.
     */
    static final int KC = 512;
    /** Row panels of A in a block, the unit of work handed to a thread (packed at once when A is transposed or n wide). */
    static final int PANELS_PER_BLOCK = 16;
    static final int NC = 2048;
    /**
     * Up to this many B panels, the kernel reads op(A)'s rows side by side (A's own rows, in place, when it is not
     * transposed); past it, a row panel of A meets enough B panels to repay packing it interleaved, one value of each
     * row after the other, for kernels whose loop indexes A with one counter: reading four or eight rows side by side
     * costs an index addition per row and step, which measured the kernel at about 0.8× and a 1020×4096×128 product
     * at 0.7× at one thread on Zen 3, while skipping the packing made a 1020×128×4096 one 1.2× faster.
     */
    static final int IN_PLACE_PANELS = 16;
    /** Below this many multiply-adds the packing costs more than it saves. */
    private static final long SMALL = 48L * 1024;

    private static final int MAX_MR = 8;
    private static final ThreadLocal<float[]> PACKED_A =
            ThreadLocal.withInitial(() -> new float[PANELS_PER_BLOCK * MAX_MR * KC]);
    private static final ThreadLocal<float[]> PACKED_B = ThreadLocal.withInitial(() -> new float[KC * (NC + NR)]);
    private static final ThreadLocal<float[]> COPIED_ROWS = ThreadLocal.withInitial(() -> new float[MAX_MR * KC]);
    private static final ThreadLocal<float[]> EDGE_TILE = ThreadLocal.withInitial(() -> new float[MAX_MR * NR]);

    private Sgemm() {}

    /**
     * The micro-kernel height this process uses. Calling it initialises the class, which reads
     * {@code -Drecllm.gemm.rows}: the CLI does so first, on its own thread, so that a bad value is reported as such.
     */
    public static int microKernelRows() {
        return MR;
    }

    /** The micro-kernel height: {@code requested} (4 or 8) when given, else by the vector width. */
    static int rows(String requested, int vectorLength) {
        if (requested == null) {
            return vectorLength >= 16 ? 8 : 4;
        }
        return switch (requested.trim()) {
            case "4" -> 4;
            case "8" -> 8;
            default -> throw new BadInputException("-Drecllm.gemm.rows", 0, null,
                    "'" + requested + "': expected 4 or 8 (rows of the GEMM micro-kernel)");
        };
    }

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
        compute(transA, transB, m, n, k, a, aOffset, lda, b, bOffset, ldb, c, cOffset, ldc, accumulate, MR);
        GemmCounters.record(start, 2L * m * n * k);
    }

    /** The product with a micro-kernel of {@code mr} rows (4 or 8): tests run both kernels on any CPU. */
    static void compute(boolean transA, boolean transB, int m, int n, int k, float[] a, int aOffset, int lda,
                        float[] b, int bOffset, int ldb, float[] c, int cOffset, int ldc, boolean accumulate, int mr) {
        boolean direct = (long) m * n * k <= SMALL || n < VL || m < 2 || k == 1;
        if (!accumulate && (direct || k == 0)) {
            for (int i = 0; i < m; i++) {
                java.util.Arrays.fill(c, cOffset + i * ldc, cOffset + i * ldc + n, 0f);
            }
        }
        if (k == 0) {
            return;
        }
        if (direct) {
            Parallel.forRange(m, Math.max(1, (int) (SMALL / Math.max(1L, (long) n * k))), (from, to) ->
                    direct(transA, transB, from, to, n, k, a, aOffset, lda, b, bOffset, ldb, c, cOffset, ldc));
            return;
        }
        float[] packedB = PACKED_B.get();
        // Rows a multiple of 4 KiB apart fall in one cache set: read side by side they evict one another.
        boolean aliasing = lda % 1024 == 0;
        int mc = PANELS_PER_BLOCK * mr;
        int mBlocks = (m + mc - 1) / mc;
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            int panels = (nc + NR - 1) / NR;
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                packB(transB, b, bOffset, ldb, pc, jc, kc, nc, packedB);
                int nChunks = Math.max(1, Math.min(panels, (2 * Parallel.threads() + mBlocks - 1) / mBlocks));
                boolean inPlace = panels <= IN_PLACE_PANELS;
                int jcFinal = jc;
                int pcFinal = pc;
                // The first block of k overwrites C unless the caller accumulates: no separate pass to zero it.
                boolean add = accumulate || pc > 0;
                Parallel.forEachTask(mBlocks * nChunks, (first, last) -> {
                    float[] packedA = PACKED_A.get();
                    float[] copiedRows = COPIED_ROWS.get();
                    float[] edgeTile = EDGE_TILE.get();
                    int packedBlock = -1;
                    for (int task = first; task < last; task++) {
                        int block = task / nChunks;
                        int chunk = task % nChunks;
                        int ic = block * mc;
                        int rowsInBlock = Math.min(mc, m - ic);
                        if ((transA || !inPlace) && block != packedBlock) {
                            if (inPlace) {
                                packTransposedA(a, aOffset, lda, ic, pcFinal, rowsInBlock, kc, mr, packedA);
                            } else {
                                packA(transA, a, aOffset, lda, ic, pcFinal, rowsInBlock, kc, mr, copiedRows, packedA);
                            }
                            packedBlock = block;
                        }
                        int panelFrom = panels * chunk / nChunks;
                        int panelTo = panels * (chunk + 1) / nChunks;
                        for (int ir = 0; ir < rowsInBlock; ir += mr) {
                            int rows = Math.min(mr, rowsInBlock - ir);
                            if (!inPlace) {
                                for (int panel = panelFrom; panel < panelTo; panel++) {
                                    int jr = panel * NR;
                                    int cIndex = cOffset + (ic + ir) * ldc + jcFinal + jr;
                                    microKernel(kc, packedA, ir * kc, 0, true, packedB, panel * kc * NR, c, cIndex, ldc,
                                            rows, Math.min(NR, nc - jr), mr, add, edgeTile);
                                }
                                continue;
                            }
                            // The kernel reads mr rows of op(A), each kc values apart from the next by aStride.
                            float[] aSource;
                            int aIndex;
                            int aStride;
                            if (transA) {
                                aSource = packedA;
                                aIndex = ir * kc;
                                aStride = kc;
                            } else if (rows == mr && !aliasing) {
                                aSource = a;
                                aIndex = aOffset + (ic + ir) * lda + pcFinal;
                                aStride = lda;
                            } else {
                                copyRows(a, aOffset + (ic + ir) * lda + pcFinal, lda, rows, kc, mr, copiedRows);
                                aSource = copiedRows;
                                aIndex = 0;
                                aStride = kc;
                            }
                            for (int panel = panelFrom; panel < panelTo; panel++) {
                                int jr = panel * NR;
                                int cols = Math.min(NR, nc - jr);
                                int cIndex = cOffset + (ic + ir) * ldc + jcFinal + jr;
                                microKernel(kc, aSource, aIndex, aStride, false, packedB, panel * kc * NR, c, cIndex, ldc, rows,
                                        cols, mr, add, edgeTile);
                            }
                        }
                    }
                });
            }
        }
    }

    /** Packs B[pc:pc+kc, jc:jc+nc] as NR-wide panels, each kc rows of NR values, zero-padded past nc. */
    private static void packB(boolean transB, float[] b, int offset, int ldb, int pc, int jc, int kc, int nc, float[] out) {
        int fullPanels = nc / NR;
        int edge = nc - fullPanels * NR;
        if (transB) {
            // Stored B is n×k: each of a panel's columns is a contiguous run of the stored row.
            for (int panel = 0; panel * NR < nc; panel++) {
                int width = Math.min(NR, nc - panel * NR);
                int base = panel * kc * NR;
                for (int j = 0; j < NR; j++) {
                    int source = offset + (jc + panel * NR + j) * ldb + pc;
                    for (int p = 0; p < kc; p++) {
                        out[base + p * NR + j] = j < width ? b[source + p] : 0f;
                    }
                }
            }
            return;
        }
        // Row by row of B, so that the reads stream; each row scatters NR-wide pieces to the panels.
        for (int p = 0; p < kc; p++) {
            int source = offset + (pc + p) * ldb + jc;
            int target = p * NR;
            for (int panel = 0; panel < fullPanels; panel++, source += NR, target += kc * NR) {
                FloatVector.fromArray(SPECIES, b, source).intoArray(out, target);
                FloatVector.fromArray(SPECIES, b, source + VL).intoArray(out, target + VL);
            }
            if (edge > 0) {
                System.arraycopy(b, source, out, target, edge);
                java.util.Arrays.fill(out, target + edge, target + NR, 0f);
            }
        }
    }

    /** Packs A[ic:ic+mc, pc:pc+kc] as mr-high panels, each kc columns of mr values, zero-padded past mc. */
    private static void packA(boolean transA, float[] a, int offset, int lda, int ic, int pc, int mc, int kc, int mr,
                              float[] rows, float[] out) {
        if (transA) {
            // Stored A is k×m: for each p the block's mc values are contiguous; read them in one pass.
            int fullPanels = mc / mr;
            for (int p = 0; p < kc; p++) {
                int source = offset + (pc + p) * lda + ic;
                for (int panel = 0; panel < fullPanels; panel++) {
                    int target = panel * mr * kc + p * mr;
                    for (int r = 0; r < mr; r++) {
                        out[target + r] = a[source + panel * mr + r];
                    }
                }
            }
            int edgeRows = mc - fullPanels * mr;
            if (edgeRows > 0) {
                for (int p = 0; p < kc; p++) {
                    int source = offset + (pc + p) * lda + ic + fullPanels * mr;
                    int target = fullPanels * mr * kc + p * mr;
                    for (int r = 0; r < mr; r++) {
                        out[target + r] = r < edgeRows ? a[source + r] : 0f;
                    }
                }
            }
            return;
        }
        for (int ir = 0; ir < mc; ir += mr) {
            int height = Math.min(mr, mc - ir);
            int base = ir * kc;
            // A's rows are usually out of cache here. Copied first (vector loads keep many cache misses in flight),
            // then spread from the copy: spreading straight from A waits on every line in turn, and reading mr rows
            // side by side is slower still (rows a multiple of 4 KiB apart alias).
            for (int r = 0; r < height; r++) {
                System.arraycopy(a, offset + (ic + ir + r) * lda + pc, rows, r * kc, kc);
            }
            for (int r = 0; r < height; r++) {
                for (int p = 0; p < kc; p++) {
                    out[base + p * mr + r] = rows[r * kc + p];
                }
            }
            for (int r = height; r < mr; r++) {
                for (int p = 0; p < kc; p++) {
                    out[base + p * mr + r] = 0f;
                }
            }
        }
    }

    /**
     * Packs op(A)[ic:ic+mc, pc:pc+kc] from a stored k×m A as rows of kc values (the layout the kernel reads), zero rows
     * up to a multiple of mr. A transposition: eight stored rows are read side by side, so each packed row is written
     * eight values at a time.
     */
    private static void packTransposedA(float[] a, int offset, int lda, int ic, int pc, int mc, int kc, int mr,
                                        float[] out) {
        int p = 0;
        for (; p + 8 <= kc; p += 8) {
            int source = offset + (pc + p) * lda + ic;
            for (int i = 0; i < mc; i++) {
                int target = i * kc + p;
                int s = source + i;
                out[target] = a[s];
                out[target + 1] = a[s + lda];
                out[target + 2] = a[s + 2 * lda];
                out[target + 3] = a[s + 3 * lda];
                out[target + 4] = a[s + 4 * lda];
                out[target + 5] = a[s + 5 * lda];
                out[target + 6] = a[s + 6 * lda];
                out[target + 7] = a[s + 7 * lda];
            }
        }
        for (; p < kc; p++) {
            int source = offset + (pc + p) * lda + ic;
            for (int i = 0; i < mc; i++) {
                out[i * kc + p] = a[source + i];
            }
        }
        int padded = (mc + mr - 1) / mr * mr;
        java.util.Arrays.fill(out, mc * kc, padded * kc, 0f);
    }

    /**
     * Rows of A copied kc values each, followed by zero rows up to mr: the last rows when fewer than mr remain, or
     * rows whose stride would alias.
     */
    private static void copyRows(float[] a, int index, int lda, int rows, int kc, int mr, float[] out) {
        for (int r = 0; r < rows; r++) {
            System.arraycopy(a, index + r * lda, out, r * kc, kc);
        }
        java.util.Arrays.fill(out, rows * kc, mr * kc, 0f);
    }

    /**
     * C[rows×cols tile] (+)= A panel · packed B panel (kc×NR), the A panel either mr rows of kc values, lda apart, or
     * {@code interleaved} (mr values per step of k). A whole tile is written by the kernel itself; an edge tile goes
     * through {@code edgeTile}.
     */
    private static void microKernel(int kc, float[] a, int aIndex, int lda, boolean interleaved, float[] b, int bIndex,
                                    float[] c, int cIndex, int ldc, int rows, int cols, int mr, boolean add,
                                    float[] edgeTile) {
        boolean whole = rows == mr && cols == NR;
        float[] target = whole ? c : edgeTile;
        int targetIndex = whole ? cIndex : 0;
        int targetStride = whole ? ldc : NR;
        boolean addToTarget = whole && add;
        if (interleaved && mr == 8) {
            multiplyEightPackedRows(kc, a, aIndex, b, bIndex, target, targetIndex, targetStride, addToTarget);
        } else if (interleaved) {
            multiplyFourPackedRows(kc, a, aIndex, b, bIndex, target, targetIndex, targetStride, addToTarget);
        } else if (mr == 8) {
            multiplyEightRows(kc, a, aIndex, lda, b, bIndex, target, targetIndex, targetStride, addToTarget);
        } else {
            multiplyFourRows(kc, a, aIndex, lda, b, bIndex, target, targetIndex, targetStride, addToTarget);
        }
        if (whole) {
            return;
        }
        for (int r = 0; r < rows; r++) {
            int row = cIndex + r * ldc;
            for (int j = 0; j < cols; j++) {
                c[row + j] = add ? c[row + j] + edgeTile[r * NR + j] : edgeTile[r * NR + j];
            }
        }
    }

    /** out[8×NR tile] (+)= A panel · B panel: 16 accumulators, for CPUs with 32 vector registers. */
    private static void multiplyEightRows(int kc, float[] a, int aIndex, int lda, float[] b, int bIndex, float[] out,
                                          int outIndex, int ldo, boolean add) {
        int a1 = aIndex + lda;
        int a2 = a1 + lda;
        int a3 = a2 + lda;
        int a4 = a3 + lda;
        int a5 = a4 + lda;
        int a6 = a5 + lda;
        int a7 = a6 + lda;
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
            FloatVector x = FloatVector.broadcast(SPECIES, a[aIndex + p]);
            c00 = b0.fma(x, c00);
            c01 = b1.fma(x, c01);
            x = FloatVector.broadcast(SPECIES, a[a1 + p]);
            c10 = b0.fma(x, c10);
            c11 = b1.fma(x, c11);
            x = FloatVector.broadcast(SPECIES, a[a2 + p]);
            c20 = b0.fma(x, c20);
            c21 = b1.fma(x, c21);
            x = FloatVector.broadcast(SPECIES, a[a3 + p]);
            c30 = b0.fma(x, c30);
            c31 = b1.fma(x, c31);
            x = FloatVector.broadcast(SPECIES, a[a4 + p]);
            c40 = b0.fma(x, c40);
            c41 = b1.fma(x, c41);
            x = FloatVector.broadcast(SPECIES, a[a5 + p]);
            c50 = b0.fma(x, c50);
            c51 = b1.fma(x, c51);
            x = FloatVector.broadcast(SPECIES, a[a6 + p]);
            c60 = b0.fma(x, c60);
            c61 = b1.fma(x, c61);
            x = FloatVector.broadcast(SPECIES, a[a7 + p]);
            c70 = b0.fma(x, c70);
            c71 = b1.fma(x, c71);
        }
        // Written out here: a helper taking vectors, once C2 declines to inline it, gets them boxed.
        if (add) {
            c00 = c00.add(FloatVector.fromArray(SPECIES, out, outIndex));
            c01 = c01.add(FloatVector.fromArray(SPECIES, out, outIndex + VL));
            c10 = c10.add(FloatVector.fromArray(SPECIES, out, outIndex + ldo));
            c11 = c11.add(FloatVector.fromArray(SPECIES, out, outIndex + ldo + VL));
            c20 = c20.add(FloatVector.fromArray(SPECIES, out, outIndex + 2 * ldo));
            c21 = c21.add(FloatVector.fromArray(SPECIES, out, outIndex + 2 * ldo + VL));
            c30 = c30.add(FloatVector.fromArray(SPECIES, out, outIndex + 3 * ldo));
            c31 = c31.add(FloatVector.fromArray(SPECIES, out, outIndex + 3 * ldo + VL));
            c40 = c40.add(FloatVector.fromArray(SPECIES, out, outIndex + 4 * ldo));
            c41 = c41.add(FloatVector.fromArray(SPECIES, out, outIndex + 4 * ldo + VL));
            c50 = c50.add(FloatVector.fromArray(SPECIES, out, outIndex + 5 * ldo));
            c51 = c51.add(FloatVector.fromArray(SPECIES, out, outIndex + 5 * ldo + VL));
            c60 = c60.add(FloatVector.fromArray(SPECIES, out, outIndex + 6 * ldo));
            c61 = c61.add(FloatVector.fromArray(SPECIES, out, outIndex + 6 * ldo + VL));
            c70 = c70.add(FloatVector.fromArray(SPECIES, out, outIndex + 7 * ldo));
            c71 = c71.add(FloatVector.fromArray(SPECIES, out, outIndex + 7 * ldo + VL));
        }
        c00.intoArray(out, outIndex);
        c01.intoArray(out, outIndex + VL);
        c10.intoArray(out, outIndex + ldo);
        c11.intoArray(out, outIndex + ldo + VL);
        c20.intoArray(out, outIndex + 2 * ldo);
        c21.intoArray(out, outIndex + 2 * ldo + VL);
        c30.intoArray(out, outIndex + 3 * ldo);
        c31.intoArray(out, outIndex + 3 * ldo + VL);
        c40.intoArray(out, outIndex + 4 * ldo);
        c41.intoArray(out, outIndex + 4 * ldo + VL);
        c50.intoArray(out, outIndex + 5 * ldo);
        c51.intoArray(out, outIndex + 5 * ldo + VL);
        c60.intoArray(out, outIndex + 6 * ldo);
        c61.intoArray(out, outIndex + 6 * ldo + VL);
        c70.intoArray(out, outIndex + 7 * ldo);
        c71.intoArray(out, outIndex + 7 * ldo + VL);
    }

    /** out[4×NR tile] (+)= A panel · B panel: 8 accumulators, for CPUs with 16 vector registers (AVX2). */
    private static void multiplyFourRows(int kc, float[] a, int aIndex, int lda, float[] b, int bIndex, float[] out,
                                         int outIndex, int ldo, boolean add) {
        int a1 = aIndex + lda;
        int a2 = a1 + lda;
        int a3 = a2 + lda;
        FloatVector c00 = FloatVector.zero(SPECIES), c01 = FloatVector.zero(SPECIES);
        FloatVector c10 = FloatVector.zero(SPECIES), c11 = FloatVector.zero(SPECIES);
        FloatVector c20 = FloatVector.zero(SPECIES), c21 = FloatVector.zero(SPECIES);
        FloatVector c30 = FloatVector.zero(SPECIES), c31 = FloatVector.zero(SPECIES);
        for (int p = 0; p < kc; p++) {
            FloatVector b0 = FloatVector.fromArray(SPECIES, b, bIndex);
            FloatVector b1 = FloatVector.fromArray(SPECIES, b, bIndex + VL);
            bIndex += NR;
            FloatVector x = FloatVector.broadcast(SPECIES, a[aIndex + p]);
            c00 = b0.fma(x, c00);
            c01 = b1.fma(x, c01);
            x = FloatVector.broadcast(SPECIES, a[a1 + p]);
            c10 = b0.fma(x, c10);
            c11 = b1.fma(x, c11);
            x = FloatVector.broadcast(SPECIES, a[a2 + p]);
            c20 = b0.fma(x, c20);
            c21 = b1.fma(x, c21);
            x = FloatVector.broadcast(SPECIES, a[a3 + p]);
            c30 = b0.fma(x, c30);
            c31 = b1.fma(x, c31);
        }
        // Written out here: a helper taking vectors, once C2 declines to inline it, gets them boxed.
        if (add) {
            c00 = c00.add(FloatVector.fromArray(SPECIES, out, outIndex));
            c01 = c01.add(FloatVector.fromArray(SPECIES, out, outIndex + VL));
            c10 = c10.add(FloatVector.fromArray(SPECIES, out, outIndex + ldo));
            c11 = c11.add(FloatVector.fromArray(SPECIES, out, outIndex + ldo + VL));
            c20 = c20.add(FloatVector.fromArray(SPECIES, out, outIndex + 2 * ldo));
            c21 = c21.add(FloatVector.fromArray(SPECIES, out, outIndex + 2 * ldo + VL));
            c30 = c30.add(FloatVector.fromArray(SPECIES, out, outIndex + 3 * ldo));
            c31 = c31.add(FloatVector.fromArray(SPECIES, out, outIndex + 3 * ldo + VL));
        }
        c00.intoArray(out, outIndex);
        c01.intoArray(out, outIndex + VL);
        c10.intoArray(out, outIndex + ldo);
        c11.intoArray(out, outIndex + ldo + VL);
        c20.intoArray(out, outIndex + 2 * ldo);
        c21.intoArray(out, outIndex + 2 * ldo + VL);
        c30.intoArray(out, outIndex + 3 * ldo);
        c31.intoArray(out, outIndex + 3 * ldo + VL);
    }

    /**
     * As {@link #multiplyEightRows} on an interleaved packed A panel. A twin but for A's index, on purpose: one kernel
     * for both forms needs a stride per row, the additions {@link #IN_PLACE_PANELS} measures, and the epilogue cannot
     * move into a shared helper (vectors passed to a call C2 declines to inline are boxed).
     */
    private static void multiplyEightPackedRows(int kc, float[] a, int aIndex, float[] b, int bIndex, float[] out,
                                          int outIndex, int ldo, boolean add) {
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
            aIndex += 8;
        }
        // Written out here: a helper taking vectors, once C2 declines to inline it, gets them boxed.
        if (add) {
            c00 = c00.add(FloatVector.fromArray(SPECIES, out, outIndex));
            c01 = c01.add(FloatVector.fromArray(SPECIES, out, outIndex + VL));
            c10 = c10.add(FloatVector.fromArray(SPECIES, out, outIndex + ldo));
            c11 = c11.add(FloatVector.fromArray(SPECIES, out, outIndex + ldo + VL));
            c20 = c20.add(FloatVector.fromArray(SPECIES, out, outIndex + 2 * ldo));
            c21 = c21.add(FloatVector.fromArray(SPECIES, out, outIndex + 2 * ldo + VL));
            c30 = c30.add(FloatVector.fromArray(SPECIES, out, outIndex + 3 * ldo));
            c31 = c31.add(FloatVector.fromArray(SPECIES, out, outIndex + 3 * ldo + VL));
            c40 = c40.add(FloatVector.fromArray(SPECIES, out, outIndex + 4 * ldo));
            c41 = c41.add(FloatVector.fromArray(SPECIES, out, outIndex + 4 * ldo + VL));
            c50 = c50.add(FloatVector.fromArray(SPECIES, out, outIndex + 5 * ldo));
            c51 = c51.add(FloatVector.fromArray(SPECIES, out, outIndex + 5 * ldo + VL));
            c60 = c60.add(FloatVector.fromArray(SPECIES, out, outIndex + 6 * ldo));
            c61 = c61.add(FloatVector.fromArray(SPECIES, out, outIndex + 6 * ldo + VL));
            c70 = c70.add(FloatVector.fromArray(SPECIES, out, outIndex + 7 * ldo));
            c71 = c71.add(FloatVector.fromArray(SPECIES, out, outIndex + 7 * ldo + VL));
        }
        c00.intoArray(out, outIndex);
        c01.intoArray(out, outIndex + VL);
        c10.intoArray(out, outIndex + ldo);
        c11.intoArray(out, outIndex + ldo + VL);
        c20.intoArray(out, outIndex + 2 * ldo);
        c21.intoArray(out, outIndex + 2 * ldo + VL);
        c30.intoArray(out, outIndex + 3 * ldo);
        c31.intoArray(out, outIndex + 3 * ldo + VL);
        c40.intoArray(out, outIndex + 4 * ldo);
        c41.intoArray(out, outIndex + 4 * ldo + VL);
        c50.intoArray(out, outIndex + 5 * ldo);
        c51.intoArray(out, outIndex + 5 * ldo + VL);
        c60.intoArray(out, outIndex + 6 * ldo);
        c61.intoArray(out, outIndex + 6 * ldo + VL);
        c70.intoArray(out, outIndex + 7 * ldo);
        c71.intoArray(out, outIndex + 7 * ldo + VL);
    }

    /** As {@link #multiplyFourRows} on an interleaved packed A panel. */
    private static void multiplyFourPackedRows(int kc, float[] a, int aIndex, float[] b, int bIndex, float[] out,
                                          int outIndex, int ldo, boolean add) {
        FloatVector c00 = FloatVector.zero(SPECIES), c01 = FloatVector.zero(SPECIES);
        FloatVector c10 = FloatVector.zero(SPECIES), c11 = FloatVector.zero(SPECIES);
        FloatVector c20 = FloatVector.zero(SPECIES), c21 = FloatVector.zero(SPECIES);
        FloatVector c30 = FloatVector.zero(SPECIES), c31 = FloatVector.zero(SPECIES);
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
            aIndex += 4;
        }
        // Written out here: a helper taking vectors, once C2 declines to inline it, gets them boxed.
        if (add) {
            c00 = c00.add(FloatVector.fromArray(SPECIES, out, outIndex));
            c01 = c01.add(FloatVector.fromArray(SPECIES, out, outIndex + VL));
            c10 = c10.add(FloatVector.fromArray(SPECIES, out, outIndex + ldo));
            c11 = c11.add(FloatVector.fromArray(SPECIES, out, outIndex + ldo + VL));
            c20 = c20.add(FloatVector.fromArray(SPECIES, out, outIndex + 2 * ldo));
            c21 = c21.add(FloatVector.fromArray(SPECIES, out, outIndex + 2 * ldo + VL));
            c30 = c30.add(FloatVector.fromArray(SPECIES, out, outIndex + 3 * ldo));
            c31 = c31.add(FloatVector.fromArray(SPECIES, out, outIndex + 3 * ldo + VL));
        }
        c00.intoArray(out, outIndex);
        c01.intoArray(out, outIndex + VL);
        c10.intoArray(out, outIndex + ldo);
        c11.intoArray(out, outIndex + ldo + VL);
        c20.intoArray(out, outIndex + 2 * ldo);
        c21.intoArray(out, outIndex + 2 * ldo + VL);
        c30.intoArray(out, outIndex + 3 * ldo);
        c31.intoArray(out, outIndex + 3 * ldo + VL);
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
