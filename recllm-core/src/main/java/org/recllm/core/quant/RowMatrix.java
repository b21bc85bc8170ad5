package org.recllm.core.quant;

import java.lang.foreign.MemorySegment;
import org.recllm.core.kernels.Sgemm;
import org.recllm.core.parallel.Parallel;

/**
 * The parts of a {@link WeightMatrix} every storage type shares: the shape and the parallel loops. A subclass
 * supplies the dot product of one stored row with a float32 vector and, to make products over several inputs cheap,
 * a kernel that reads the row once for four inputs ({@link #dotFour}). A kernel that needs a value derived from the
 * inputs alone (Q4_K: their sum over each sub-block) computes it once per product in {@link #inputTerms}, not once
 * per row.
 */
public abstract class RowMatrix implements WeightMatrix {
    /** Inputs served by one pass over a stored row: four accumulators per step fit the vector registers with the decoded weights. */
    protected static final int GROUP = 4;

    /** From this many inputs on, products run as panel-decoded SGEMM instead of shared-row dots. */
    public static final int GEMM_INPUTS = 32;
    /**
     * Rows of a panel decoded at once for the SGEMM path, about. Every panel repacks all the inputs, so panels of 64
     * rows spent as long packing as multiplying (prefill of 512 positions ran 1.2–1.4× slower than with 256).
     */
    private static final int PANEL_ROWS = 256;
    private static final int MIN_PANEL_ROWS = 64;

    protected final int rows;
    protected final int cols;

    protected RowMatrix(int rows, int cols) {
        if (rows < 1 || cols < 1) {
            throw new IllegalArgumentException("a weight matrix needs a positive shape, got " + rows + " x " + cols);
        }
        this.rows = rows;
        this.cols = cols;
    }

    @Override
    public final int rows() {
        return rows;
    }

    @Override
    public final int cols() {
        return cols;
    }

    /** ⟨row, x[xOffset, xOffset + cols)⟩; {@code terms}: {@link #inputTerms} of that one input. */
    protected abstract float dot(int row, float[] x, int xOffset, float[] terms);

    /**
     * What this kernel derives from inputs x_0 … x_{count−1} (at {@code xOffset} + i·cols) before reading any row, in
     * a per-thread buffer valid until the thread's next product; null, the default, when it derives nothing.
     */
    protected float[] inputTerms(float[] x, int xOffset, int count) {
        return null;
    }

    /**
     * out[i·rows + row] = ⟨row, x_i⟩ for the {@code count} inputs, {@link #GROUP} inputs per pass over the row;
     * {@code terms}: {@link #inputTerms} of the {@code count} inputs.
     */
    protected void dotRows(int row, float[] x, int count, float[] terms, float[] out) {
        for (int first = 0; first < count; first += GROUP) {
            dotFour(row, x, first, count, terms, out);
        }
    }

    /**
     * out[i·rows + row] = ⟨row, x_i⟩ for inputs i = first … first + 3; an index past the last input stands for the
     * last input again (see {@link #input}), so kernels need no tail case. Kernels read the row once for all four
     * and accumulate each input exactly as {@link #dot} does, so a product's result does not depend on how many
     * inputs travel with it.
     */
    protected abstract void dotFour(int row, float[] x, int first, int count, float[] terms, float[] out);

    /** Which input the {@code k}-th slot of a group starting at {@code first} holds: the last input pads a short group. */
    protected static int input(int first, int k, int count) {
        return Math.min(first + k, count - 1);
    }

    /** The activation blocks this type's integer kernels multiply ({@link ActivationBlocks}), or null: float inputs only. */
    protected GgmlType activationType() {
        return null;
    }

    /**
     * out[i·rows + r] = ⟨row r, row i of x⟩ for rows [from, to) and inputs [0, count), on integers, each input
     * accumulated as when it is alone; types with an {@link #activationType} override it. The loops belong in the
     * kernel's own compiled body: a kernel inlined into a larger caller ran C2 out of its node budget, which then
     * left Vector API calls out of line, boxing their vectors (3-5x slower, measured).
     */
    protected void dotRows(int from, int to, ActivationBlocks x, int count, float[] out) {
        throw new UnsupportedOperationException(type() + " has no integer kernel");
    }

    @Override
    public void matVec(float[] x, int xOffset, float[] out, int outOffset) {
        Parallel.forRange(rows, Math.max(1, 32768 / cols), rowDots(x, xOffset, inputTerms(x, xOffset, 1), out, outOffset));
    }

    /**
     * The loop of {@link #matVec}: out[outOffset + r] = {@link #dot}(r, …) for the rows of a range. Each kernel class
     * writes this lambda itself, so that its call to dot is the only one there: one lambda shared by all types saw
     * two kernels' dots in a model that mixes them (Q4_K beside Q6_K in llama.cpp's Q4_K_M files), inlined both, ran
     * C2 past its node budget and, in some JVM starts, boxed vectors (decode 8–36 tok/s instead of 60, measured).
     */
    protected abstract Parallel.RangeBody rowDots(float[] x, int xOffset, float[] terms, float[] out, int outOffset);

    @Override
    public void matMul(float[] x, int count, int exact, float[] out) {
        requireExact(exact, count);
        if (count == 1) {
            matVec(x, 0, out, 0);
            return;
        }
        int free = count - exact;
        if (free < GEMM_INPUTS) {
            matMulByRows(x, count, out);
            return;
        }
        if (exact > 0) {
            matMulByRows(x, exact, out);
        }
        matMulByPanels(x, exact, free, out);
    }

    @Override
    public void matMul(Activations x, int count, int exact, float[] out) {
        GgmlType blockType = activationType();
        if (blockType == null || x.precision() == ActivationPrecision.FLOAT32) {
            matMul(x.rows(), count, exact, out);
            return;
        }
        if (x.cols() != cols || count > x.count()) {
            throw new IllegalArgumentException(count + " inputs of " + cols + " values expected, the activations hold "
                    + x.count() + " of " + x.cols());
        }
        requireExact(exact, count);
        ActivationBlocks blocks = x.blocks(blockType);
        int free = count - exact;
        if (count == 1 || free < GEMM_INPUTS) {
            matMulByRows(blocks, count, out);
            return;
        }
        if (exact > 0) {
            matMulByRows(blocks, exact, out);
        }
        matMulByPanels(blocks.dequantized(), exact, free, out);
    }

    private static void requireExact(int exact, int count) {
        if (exact < 0 || exact > count) {
            throw new IllegalArgumentException("exact inputs must be 0 to " + count + ", got " + exact);
        }
    }

    /** Inputs [0, count) by shared-row dot kernels, which accumulate each input as {@link #dot} does. */
    private void matMulByRows(float[] x, int count, float[] out) {
        float[] terms = inputTerms(x, 0, count);
        Parallel.forRange(rows, Math.max(1, 32768 / cols / count), (from, to) -> {
            for (int r = from; r < to; r++) {
                dotRows(r, x, count, terms, out);
            }
        });
    }

    /** As {@link #matMulByRows(float[], int, float[])} on activation blocks. */
    private void matMulByRows(ActivationBlocks x, int count, float[] out) {
        Parallel.forRange(rows, Math.max(1, 32768 / cols / count), (from, to) -> dotRows(from, to, x, count, out));
    }

    /**
     * Many inputs: decode a panel of rows to float32 once, then multiply it with all inputs by the packed SGEMM, whose
     * register blocking reaches the machine's arithmetic rate where row-by-row dots stay far below it. The results
     * round differently from {@link #matVec} (another summation order), within float32 accuracy. Inputs
     * [firstInput, firstInput + count).
     */
    private void matMulByPanels(float[] x, int firstInput, int count, float[] out) {
        int panelRows = panelRows(rows, Parallel.threads());
        int panels = (rows + panelRows - 1) / panelRows;
        Parallel.forRange(panels, 1, (from, to) -> {
            float[] panel = scratch(panelRows * cols);
            for (int p = from; p < to; p++) {
                int first = p * panelRows;
                int height = Math.min(panelRows, rows - first);
                for (int r = 0; r < height; r++) {
                    dequantizeRow(first + r, panel, r * cols);
                }
                Sgemm.multiply(false, true, count, height, cols, x, firstInput * cols, cols, panel, 0, cols, out,
                        firstInput * rows + first, rows);
            }
        });
    }

    /**
     * Panels of about {@link #PANEL_ROWS} rows, as many as a multiple of the threads so that none waits, but never
     * under {@link #MIN_PANEL_ROWS}: a thinner panel can fall below {@link Sgemm}'s packing threshold, whose direct
     * path sums in another order, and then a prompt scored alone and in a batch would round differently.
     */
    static int panelRows(int rows, int threads) {
        int panels = Math.max(1, (rows + PANEL_ROWS - 1) / PANEL_ROWS);
        int shared = (panels + threads - 1) / threads * threads;
        int height = (rows + shared - 1) / shared;
        return height >= MIN_PANEL_ROWS ? height : (rows + panels - 1) / panels;
    }

    private static final ThreadLocal<float[]> PANEL = ThreadLocal.withInitial(() -> new float[0]);
    private static final ThreadLocal<float[]> TERMS = ThreadLocal.withInitial(() -> new float[0]);

    private static float[] scratch(int length) {
        return scratch(PANEL, length);
    }

    /** A per-thread buffer of at least {@code length} floats for {@link #inputTerms}. */
    protected static float[] termsScratch(int length) {
        return scratch(TERMS, length);
    }

    private static float[] scratch(ThreadLocal<float[]> buffers, int length) {
        float[] buffer = buffers.get();
        if (buffer.length < length) {
            buffer = new float[length];
            buffers.set(buffer);
        }
        return buffer;
    }

    protected static void requireBytes(MemorySegment data, long bytes, GgmlType type) {
        if (data.byteSize() < bytes) {
            throw new IllegalArgumentException(type + " matrix needs " + bytes + " bytes, the segment has " + data.byteSize());
        }
    }

    /**
     * The length of an array that a kernel copies this matrix into ({@code length} bytes for all its rows), checked
     * to fit one Java array.
     */
    protected int copyLength(long length, GgmlType type) {
        if (length > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a " + type + " matrix of " + rows + " x " + cols + " needs " + length
                    + " bytes in its kernels' copy, more than one array holds (" + (Integer.MAX_VALUE - 8) + ")");
        }
        return (int) length;
    }

    /** ggml stores a row of a block type as whole blocks; a row length that is not a multiple has no layout. */
    protected static void requireWholeBlocks(int cols, GgmlType type) {
        if (cols % type.blockSize() != 0) {
            throw new IllegalArgumentException(type + " rows are whole blocks of " + type.blockSize() + " elements; "
                    + cols + " columns is not a multiple");
        }
    }
}
