package org.recllm.core.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.recllm.core.tensor.EmbeddingTable;
import org.recllm.core.tensor.Tape;
import org.recllm.core.tensor.Tensor;
import org.recllm.core.testing.GradientCheck;

/** Embedding lookups (single and pooled multi-hot), masked sequence pooling, and their sparse gradients. */
class EmbeddingGradientTest {

    @Property(tries = 15)
    void lookupAndPooledLookup(@ForAll @IntRange(min = 1, max = 5) int rows, @ForAll @IntRange(min = 1, max = 4) int width,
                               @ForAll @IntRange(min = 1, max = 4) int dim, @ForAll long seed) {
        GradientCheck check = new GradientCheck(seed);
        EmbeddingTable table = check.table(new EmbeddingTable("e", 6, dim).initUniform(new SplittableRandom(seed), 1f));
        SplittableRandom random = new SplittableRandom(seed + 1);
        int[] ids = new int[rows * width];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = random.nextInt(6);
        }
        check.check(tape -> Embeddings.lookup(tape, table, ids, ids.length));
        check.check(tape -> Embeddings.pooled(tape, table, ids, rows, width, Embeddings.Pooling.SUM));
        check.check(tape -> Embeddings.pooled(tape, table, ids, rows, width, Embeddings.Pooling.MEAN));
    }

    @Property(tries = 15)
    void maskedSequencePooling(@ForAll @IntRange(min = 1, max = 4) int batch, @ForAll @IntRange(min = 1, max = 5) int steps,
                               @ForAll long seed) {
        GradientCheck check = new GradientCheck(seed);
        Tensor x = check.input(1, batch, steps, 3);
        float[] mask = new float[batch * steps];
        for (int b = 0; b < batch; b++) {
            for (int t = steps - 1 - b % steps; t < steps; t++) {
                mask[b * steps + t] = 1f;
            }
        }
        check.check(tape -> SequencePooling.mean(tape, x, mask));
        check.check(tape -> SequencePooling.sum(tape, x, mask));
    }

    @Test
    void paddingRowIsZeroAndUntouched() {
        EmbeddingTable table = new EmbeddingTable("e", 3, 2).initUniform(new SplittableRandom(1), 1f);
        assertArrayEquals(new float[] {0, 0}, java.util.Arrays.copyOf(table.weights(), 2));
        Tape tape = new Tape();
        Tensor pooled = Embeddings.pooled(tape, table, new int[] {0, 2, 0, 0}, 2, 2, Embeddings.Pooling.MEAN);
        assertEquals(table.weights()[4], pooled.get(0));
        assertEquals(0f, pooled.get(2));
        tape.backward(Reductions.sum(tape, pooled));
        assertEquals(1, table.touchedCount(), "only row 2 received a gradient");
        assertEquals(2, table.touchedRow(0));
    }
}
