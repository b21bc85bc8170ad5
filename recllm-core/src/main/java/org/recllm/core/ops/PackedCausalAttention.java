package org.recllm.core.ops;

import org.recllm.core.kernels.Sgemm;
import org.recllm.core.kernels.VectorMath;
import org.recllm.core.parallel.Parallel;
import org.recllm.core.tensor.Tape;
import org.recllm.core.tensor.Tensor;

/**
 * Causal grouped-query attention over sequences packed one after another in the rows of q, k and v, as a decoder
 * trains on several sequences in one pass: a row attends to the rows of its own sequence up to itself, never to
 * another sequence's. One op instead of the composed products, scaling, masked softmax and key/value repetition:
 * it reads the heads in place from the projections' [rows, heads · D] layout (no permutes), writes its output in that
 * layout, computes only the score blocks on or below the diagonal, and sends each query head's key and value
 * gradients straight to its shared head.
 *
 * <p>Queries are taken in blocks of {@value #BLOCK} rows; a block's scores against the keys up to its last row are
 * one product and its softmax runs over each row's visible keys. The probabilities are not kept: each row's maximum
 * score and the inverse of its exponentials' sum are (two floats per row and head), and the backward pass computes
 * the block's scores again and from them the same probabilities, bit for bit — one more product per block instead of
 * Σ over sequences of length² floats per head (201 MB per layer for 12 heads over 2,048 positions).
 */
public final class PackedCausalAttention {
    /** Query rows per block: the products stay large enough for the packed GEMM, the skipped triangle large. */
    static final int BLOCK = 64;
    /** Per thread: a block's probabilities, and in the backward pass its scores' gradient. */
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[2][0]);

    private PackedCausalAttention() {}

    /**
     * {@code softmax(q·kᵀ/√D + causal mask)·v} per sequence and query head, for q [N, heads · D], k [N, kvHeads · D]
     * and v [N, kvHeads · Dv] → [N, heads · Dv]; query head h reads key/value head h / (heads / kvHeads).
     *
     * @param bounds the sequences' row ranges: sequence s holds rows [bounds[s], bounds[s + 1]), from 0 to N
     */
    public static Tensor apply(Tape tape, Tensor q, Tensor k, Tensor v, int heads, int kvHeads, int[] bounds) {
        int n = q.rows();
        if (q.rank() != 2 || k.rank() != 2 || v.rank() != 2 || k.rows() != n || v.rows() != n || heads < 1
                || kvHeads < 1 || heads % kvHeads != 0 || q.cols() % heads != 0 || k.cols() % kvHeads != 0
                || v.cols() % kvHeads != 0 || q.cols() / heads != k.cols() / kvHeads) {
            throw new IllegalArgumentException("packed attention needs q [N, heads·D], k [N, kvHeads·D], v [N, kvHeads·Dv] "
                    + "with kvHeads dividing heads; got " + q + ", " + k + ", " + v + " for " + heads + " and " + kvHeads + " heads");
        }
        checkBounds(bounds, n);
        Shape shape = new Shape(heads, kvHeads, q.cols() / heads, v.cols() / kvHeads, bounds);
        Tensor out = tape.result(Tape.anyRequiresGrad(q, k, v), n, heads * shape.valueDim);
        // Per row and head: the maximum score, then the inverse of the sum of exponentials.
        float[] rowStatistics = tape.workspace().take(2 * heads * n);
        int tasks = (bounds.length - 1) * kvHeads;
        forEachTask(tasks, task -> forward(shape, task / kvHeads, task % kvHeads, q.data(), k.data(), v.data(),
                out.data(), rowStatistics));
        if (out.requiresGrad()) {
            tape.record(() -> forEachTask(tasks, task -> backward(shape, task / kvHeads, task % kvHeads, q, k, v,
                    out.grad(), rowStatistics)));
        }
        return out;
    }

    /**
     * Runs the (sequence, key/value head) tasks: spread over the threads when there are enough of them, else one after
     * another on this thread, so that each task's products spread over the threads instead.
     */
    private static void forEachTask(int tasks, java.util.function.IntConsumer task) {
        if (tasks < 2 * Parallel.threads()) {
            for (int t = 0; t < tasks; t++) {
                task.accept(t);
            }
            return;
        }
        Parallel.forEachTask(tasks, (from, to) -> {
            for (int t = from; t < to; t++) {
                task.accept(t);
            }
        });
    }

    private static void checkBounds(int[] bounds, int n) {
        if (bounds.length < 2 || bounds[0] != 0 || bounds[bounds.length - 1] != n) {
            throw new IllegalArgumentException("sequence bounds must run from 0 to the " + n + " rows; got "
                    + java.util.Arrays.toString(bounds));
        }
        for (int s = 1; s < bounds.length; s++) {
            if (bounds[s] <= bounds[s - 1]) {
                throw new IllegalArgumentException("sequence " + (s - 1) + " is empty or reversed in bounds "
                        + java.util.Arrays.toString(bounds));
            }
        }
    }

    /** The head layout, the rows' strides, and where each (sequence, head)'s row statistics live. */
    private record Shape(int heads, int kvHeads, int dim, int valueDim, int[] bounds) {
        int group() {
            return heads / kvHeads;
        }

        int queryStride() {
            return heads * dim;
        }

        int keyStride() {
            return kvHeads * dim;
        }

        int valueStride() {
            return kvHeads * valueDim;
        }

        int outputStride() {
            return heads * valueDim;
        }

        float scale() {
            return (float) (1 / Math.sqrt(dim));
        }

        int length(int sequence) {
            return bounds[sequence + 1] - bounds[sequence];
        }

        int queryOffset(int sequence, int head) {
            return bounds[sequence] * queryStride() + head * dim;
        }

        int keyOffset(int sequence, int kvHead) {
            return bounds[sequence] * keyStride() + kvHead * dim;
        }

        int valueOffset(int sequence, int kvHead) {
            return bounds[sequence] * valueStride() + kvHead * valueDim;
        }

        int outputOffset(int sequence, int head) {
            return bounds[sequence] * outputStride() + head * valueDim;
        }

        /** Where row 0 of {@code sequence} keeps its maximum score for {@code head}; the inverse sum follows at +1. */
        int statisticsOffset(int sequence, int head) {
            return 2 * (head * bounds[bounds.length - 1] + bounds[sequence]);
        }
    }

    /** One query block of one head of a sequence: where its operands start, and its rows [first, end) of the sequence. */
    private record Block(int length, int query, int key, int value, int output, int statistics, int first, int end) {
        int rows() {
            return end - first;
        }
    }

    /** Calls {@code body} for every query block of each query head that reads {@code kvHead}, in order. */
    private static void forEachBlock(Shape shape, int sequence, int kvHead, java.util.function.Consumer<Block> body) {
        int length = shape.length(sequence);
        for (int h = kvHead * shape.group(); h < (kvHead + 1) * shape.group(); h++) {
            for (int first = 0; first < length; first += BLOCK) {
                body.accept(new Block(length, shape.queryOffset(sequence, h), shape.keyOffset(sequence, kvHead),
                        shape.valueOffset(sequence, kvHead), shape.outputOffset(sequence, h),
                        shape.statisticsOffset(sequence, h), first, Math.min(length, first + BLOCK)));
            }
        }
    }

    private static void forward(Shape shape, int sequence, int kvHead, float[] q, float[] k, float[] v, float[] out,
                                float[] statistics) {
        int ldo = shape.outputStride();
        float[] probabilities = scratch(0, BLOCK * shape.length(sequence));
        forEachBlock(shape, sequence, kvHead, b -> {
            scores(shape, b, q, k, probabilities);
            for (int i = b.first(); i < b.end(); i++) {
                int row = (i - b.first()) * b.end();
                int at = b.statistics() + 2 * i;
                float max = VectorMath.max(probabilities, row, i + 1);
                float inverse = 1f / VectorMath.exponentiate(probabilities, row, i + 1, max, shape.scale());
                VectorMath.scale(inverse, probabilities, row, i + 1);
                statistics[at] = max;
                statistics[at + 1] = inverse;
            }
            Sgemm.multiply(false, false, b.rows(), shape.valueDim, b.end(), probabilities, 0, b.end(), v, b.value(),
                    shape.valueStride(), out, b.output() + b.first() * ldo, ldo);
        });
    }

    /**
     * A block's scores q·kᵀ against the keys up to its last row, [rows, end] from 0 of {@code into}, the places above
     * the diagonal zero (what {@link #probabilities} leaves there too).
     */
    private static void scores(Shape shape, Block b, float[] q, float[] k, float[] into) {
        int ldq = shape.queryStride();
        Sgemm.multiply(false, true, b.rows(), b.end(), shape.dim, q, b.query() + b.first() * ldq, ldq, k, b.key(),
                shape.keyStride(), into, 0, b.end());
        for (int i = b.first(); i < b.end(); i++) {
            int row = (i - b.first()) * b.end();
            java.util.Arrays.fill(into, row + i + 1, row + b.end(), 0f);
        }
    }

    /** The forward pass's probabilities of block {@code b} again: its scores, then each row's kept softmax terms. */
    private static void probabilities(Shape shape, Block b, float[] q, float[] k, float[] statistics, float[] into) {
        scores(shape, b, q, k, into);
        for (int i = b.first(); i < b.end(); i++) {
            int row = (i - b.first()) * b.end();
            int at = b.statistics() + 2 * i;
            VectorMath.exponentiate(into, row, i + 1, statistics[at], shape.scale());
            VectorMath.scale(statistics[at + 1], into, row, i + 1);
        }
    }

    /**
     * With P the probabilities and dO the output's gradient, per query block: dP = dO·vᵀ, dS = P ⊙ (dP − rowsum(dP ⊙ P))
     * / √D, then dq += dS·k, dk += dSᵀ·q and dv += Pᵀ·dO. One task owns a sequence's key/value head, so the heads of
     * its group add to dk and dv without races.
     */
    private static void backward(Shape shape, int sequence, int kvHead, Tensor q, Tensor k, Tensor v, float[] outGrad,
                                 float[] statistics) {
        int ldq = shape.queryStride();
        int ldo = shape.outputStride();
        float scale = shape.scale();
        float[] probabilities = scratch(0, BLOCK * shape.length(sequence));
        float[] scores = scratch(1, BLOCK * shape.length(sequence));
        forEachBlock(shape, sequence, kvHead, b -> {
            int rows = b.rows();
            int end = b.end();
            probabilities(shape, b, q.data(), k.data(), statistics, probabilities);
            if (v.requiresGrad()) {
                Sgemm.multiplyAdd(true, false, end, shape.valueDim, rows, probabilities, 0, end, outGrad,
                        b.output() + b.first() * ldo, ldo, v.grad(), b.value(), shape.valueStride());
            }
            if (!q.requiresGrad() && !k.requiresGrad()) {
                return;
            }
            Sgemm.multiply(false, true, rows, end, shape.valueDim, outGrad, b.output() + b.first() * ldo, ldo, v.data(),
                    b.value(), shape.valueStride(), scores, 0, end);
            for (int i = b.first(); i < end; i++) {
                int row = (i - b.first()) * end;
                float dot = VectorMath.dot(scores, row, probabilities, row, i + 1);
                for (int j = 0; j <= i; j++) {
                    scores[row + j] = probabilities[row + j] * (scores[row + j] - dot) * scale;
                }
                java.util.Arrays.fill(scores, row + i + 1, row + end, 0f);
            }
            if (q.requiresGrad()) {
                Sgemm.multiplyAdd(false, false, rows, shape.dim, end, scores, 0, end, k.data(), b.key(), shape.keyStride(),
                        q.grad(), b.query() + b.first() * ldq, ldq);
            }
            if (k.requiresGrad()) {
                Sgemm.multiplyAdd(true, false, end, shape.dim, rows, scores, 0, end, q.data(), b.query() + b.first() * ldq,
                        ldq, k.grad(), b.key(), shape.keyStride());
            }
        });
    }

    /** This thread's scratch {@code which} of at least {@code size} floats, grown only when a longer sequence needs it. */
    private static float[] scratch(int which, int size) {
        float[][] holder = SCRATCH.get();
        if (holder[which].length < size) {
            holder[which] = new float[size];
        }
        return holder[which];
    }
}
