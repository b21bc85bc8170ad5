package org.recllm.core.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.recllm.core.tensor.Tape;
import org.recllm.core.tensor.Tensor;
import org.recllm.core.testing.Agreement;
import org.recllm.core.testing.GradientCheck;

/**
 * Packed causal attention: finite differences, and the same values and gradients as attention composed from the
 * differentiable products, repetition and softmax run on each sequence alone, for sequences shorter and longer than a
 * query block.
 */
class PackedCausalAttentionTest {

    @Property(tries = 12)
    void gradientsMatchFiniteDifferences(@ForAll @IntRange(min = 1, max = 2) int kvHeads,
                                         @ForAll @IntRange(min = 1, max = 2) int group,
                                         @ForAll @IntRange(min = 1, max = 5) int first,
                                         @ForAll @IntRange(min = 1, max = 4) int second, @ForAll long seed) {
        int heads = kvHeads * group;
        int rows = first + second;
        GradientCheck check = new GradientCheck(seed).epsilon(1e-3);
        Tensor q = check.input(1, rows, heads * 3);
        Tensor k = check.input(1, rows, kvHeads * 3);
        Tensor v = check.input(1, rows, kvHeads * 2);
        check.check(tape -> PackedCausalAttention.apply(tape, q, k, v, heads, kvHeads, new int[] {0, first, rows}));
    }

    @Test
    void gradientsMatchFiniteDifferencesAcrossQueryBlocks() {
        int rows = PackedCausalAttention.BLOCK + 9;
        GradientCheck check = new GradientCheck(5).epsilon(1e-3).sample(60);
        Tensor q = check.input(1, rows, 2 * 4);
        Tensor k = check.input(1, rows, 4);
        Tensor v = check.input(1, rows, 3);
        check.check(tape -> PackedCausalAttention.apply(tape, q, k, v, 2, 1, new int[] {0, 3, rows}));
    }

    /** Lengths 1, 70 (two query blocks) and 5; 4 query heads over 2 key/value heads; D 8, Dv 6. */
    @Test
    void equalsComposedAttentionOnEachSequenceAlone() {
        assertEqualsComposedAttention(4, 2, 8, 6, new int[] {0, 1, 71, 76}, 11);
    }

    /** Head sizes and lengths whose products take the GEMM's packed path, with offsets into every operand. */
    @Test
    void equalsComposedAttentionWithLargeHeads() {
        assertEqualsComposedAttention(2, 1, 64, 64, new int[] {0, 130, 197}, 12);
    }

    private static void assertEqualsComposedAttention(int heads, int kvHeads, int dim, int valueDim, int[] bounds, long seed) {
        int rows = bounds[bounds.length - 1];
        SplittableRandom random = new SplittableRandom(seed);
        Tensor q = random(random, rows, heads * dim);
        Tensor k = random(random, rows, kvHeads * dim);
        Tensor v = random(random, rows, kvHeads * valueDim);
        float[] upstream = new float[rows * heads * valueDim];
        for (int i = 0; i < upstream.length; i++) {
            upstream[i] = (float) (random.nextDouble() * 2 - 1);
        }
        Tape tape = new Tape();
        Tensor packed = PackedCausalAttention.apply(tape, q, k, v, heads, kvHeads, bounds);
        Agreement.backward(tape, packed, upstream);

        for (int s = 0; s + 1 < bounds.length; s++) {
            int from = bounds[s];
            int length = bounds[s + 1] - from;
            Tensor qs = headsFirst(slice(q, from, length), heads);
            Tensor ks = headsFirst(slice(k, from, length), kvHeads);
            Tensor vs = headsFirst(slice(v, from, length), kvHeads);
            Tape alone = new Tape();
            Tensor composed = composedCausalAttention(alone, qs, ks, vs, heads / kvHeads);
            // [1, heads, length, Dv] back to rows.
            Tensor composedRows = Shaping.permute(alone, composed, 0, 2, 1, 3).view(length, heads * valueDim);
            float[] upstreamRows = java.util.Arrays.copyOfRange(upstream, from * heads * valueDim, (from + length) * heads * valueDim);
            Agreement.backward(alone, composedRows, upstreamRows);
            assertClose("output", composedRows.toArray(), rows(packed.toArray(), from, length, heads * valueDim));
            assertClose("dq", gradientRows(qs, heads), rows(q.grad(), from, length, heads * dim));
            assertClose("dk", gradientRows(ks, kvHeads), rows(k.grad(), from, length, kvHeads * dim));
            assertClose("dv", gradientRows(vs, kvHeads), rows(v.grad(), from, length, kvHeads * valueDim));
        }
    }

    /**
     * The reference, from the composed differentiable ops: each key/value head repeated to its group of query heads,
     * scores scaled, the future masked by a large negative addend, softmax, then the values.
     */
    private static Tensor composedCausalAttention(Tape tape, Tensor q, Tensor k, Tensor v, int group) {
        int heads = q.dim(1);
        int length = q.dim(2);
        Tensor keys = Repeat.rows(tape, k.view(k.dim(1), -1), group).view(1, heads, length, k.dim(3));
        Tensor values = Repeat.rows(tape, v.view(v.dim(1), -1), group).view(1, heads, length, v.dim(3));
        Tensor scores = Elementwise.scale(tape, MatMul.batched(tape, q, keys, false, true), (float) (1 / Math.sqrt(q.dim(3))));
        float[] future = new float[heads * length * length];
        for (int h = 0; h < heads; h++) {
            for (int i = 0; i < length; i++) {
                java.util.Arrays.fill(future, (h * length + i) * length + i + 1, (h * length + i + 1) * length, -1e30f);
            }
        }
        Tensor weights = Softmax.softmax(tape, Elementwise.add(tape, scores, Tensor.constant(future, 1, heads, length, length)));
        return MatMul.batched(tape, weights, values, false, false);
    }

    @Test
    void keepsTwoFloatsPerRowAndHeadInsteadOfTheProbabilities() {
        int n = 1024;
        int heads = 4;
        int dim = 16;
        SplittableRandom random = new SplittableRandom(8);
        Tensor q = random(random, n, heads * dim);
        Tensor k = random(random, n, dim);
        Tensor v = random(random, n, dim);
        Tape tape = new Tape();
        Tensor out = PackedCausalAttention.apply(tape, q, k, v, heads, 1, new int[] {0, n});
        // The output and its gradient (2 × 256 KiB) and the row statistics (32 KiB); the probabilities alone would be
        // heads × n² floats, 16 MiB.
        long bytes = tape.workspace().bytes();
        assertTrue(bytes < 1 << 20, "the pass holds " + bytes + " bytes");
        Agreement.backward(tape, out, random(random, n, heads * dim).data());
        // Row 0 sees only itself (a zero query gradient); the last row sees every key.
        assertTrue(q.grad()[n * heads * dim - 1] != 0f && k.grad()[0] != 0f && v.grad()[n * dim - 1] != 0f);
    }

    @Test
    void refusesBoundsThatDoNotCoverTheRows() {
        Tape tape = new Tape();
        Tensor q = Tensor.withGradient(new float[8], new float[8], 4, 2);
        assertThrows(IllegalArgumentException.class, () -> PackedCausalAttention.apply(tape, q, q, q, 1, 1, new int[] {0, 3}));
        assertThrows(IllegalArgumentException.class, () -> PackedCausalAttention.apply(tape, q, q, q, 1, 1, new int[] {0, 2, 2, 4}));
        assertThrows(IllegalArgumentException.class, () -> PackedCausalAttention.apply(tape, q, q, q, 2, 1, new int[] {0, 4}));
    }

    @Test
    void aRowSeesOnlyItsOwnSequence() {
        // Sequence 1 starts at row 2: its first row attends to itself alone, so it returns its own value.
        float[] values = {1, 2, 3, 4};
        Tape tape = new Tape();
        Tensor q = Tensor.constant(new float[] {0.3f, -1, 2, 0.5f}, 4, 1);
        Tensor out = PackedCausalAttention.apply(tape, q, q, Tensor.constant(values, 4, 1), 1, 1, new int[] {0, 2, 4});
        assertArrayEquals(new float[] {1, 3}, new float[] {out.get(0), out.get(2)}, 0f);
    }

    private static void assertClose(String what, float[] expected, float[] actual) {
        Agreement.assertClose(what, expected, actual, expected.length, 1e-5, 1e-6);
    }

    private static Tensor random(SplittableRandom random, int rows, int cols) {
        float[] data = new float[rows * cols];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return Tensor.withGradient(data, new float[data.length], rows, cols);
    }

    private static Tensor slice(Tensor x, int from, int length) {
        float[] data = java.util.Arrays.copyOfRange(x.data(), from * x.cols(), (from + length) * x.cols());
        return Tensor.withGradient(data, new float[data.length], length, x.cols());
    }

    /** [length, heads · D] copied to [1, heads, length, D], with its own gradient. */
    private static Tensor headsFirst(Tensor x, int heads) {
        int length = x.rows();
        int dim = x.cols() / heads;
        float[] data = new float[x.size()];
        for (int t = 0; t < length; t++) {
            for (int h = 0; h < heads; h++) {
                System.arraycopy(x.data(), t * x.cols() + h * dim, data, (h * length + t) * dim, dim);
            }
        }
        return Tensor.withGradient(data, new float[data.length], 1, heads, length, dim);
    }

    /** The gradient of a [1, heads, length, D] tensor back in [length, heads · D] rows. */
    private static float[] gradientRows(Tensor x, int heads) {
        int length = x.dim(2);
        int dim = x.dim(3);
        float[] rows = new float[x.size()];
        for (int t = 0; t < length; t++) {
            for (int h = 0; h < heads; h++) {
                System.arraycopy(x.grad(), (h * length + t) * dim, rows, t * heads * dim + h * dim, dim);
            }
        }
        return rows;
    }

    private static float[] rows(float[] data, int from, int length, int cols) {
        return java.util.Arrays.copyOfRange(data, from * cols, (from + length) * cols);
    }
}
