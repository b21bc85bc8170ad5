package org.recllm.rank.retrieval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;
import org.recllm.data.store.IntColumnView;

/** The k history steps most like the target, in time order, on hand-made vectors. */
class BehaviourRetrievalTest {
    /** Ids 0..6 in 2 dimensions: 1 and 2 point along x, 4 nearly so, 3 and 5 along y, 6 opposite x; 0 has no text. */
    static final ItemVectors VECTORS = new ItemVectors(7, 2, new float[] {
            0, 0,
            1, 0,
            1, 0,
            0, 1,
            0.8f, 0.6f,
            0, 1,
            -1, 0}, "test", 2, 1);

    static IntColumnView column(int rows, int width, int... values) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asIntBuffer().put(values);
        return new IntColumnView(MemorySegment.ofArray(bytes.array()), rows, width);
    }

    @Test
    void picksTheMostSimilarStepsAndKeepsTheirTimeOrder() {
        // Row 0: target 1, history (oldest → latest) 2, 3, 4, 5, 6 in the last five of six slots.
        // Row 1: target 3, history 1, 5 (two valid steps).
        IntColumnView targets = column(2, 1, 1, 3);
        IntColumnView history = column(2, 6, 0, 2, 3, 4, 5, 6, 0, 0, 0, 0, 1, 5);
        IntColumnView lengths = column(2, 1, 5, 2);
        int[] two = new BehaviourRetrieval(VECTORS, 2).retrieve(targets, history, lengths);
        assertArrayEquals(new int[] {1, 3, 4, 5}, two, "row 0: items 2 and 4 (slots 1, 3); row 1: both steps, in order");
        int[] three = new BehaviourRetrieval(VECTORS, 3).retrieve(targets, history, lengths);
        // Row 0: 2 (1.0), 4 (0.8), then 3 and 5 tie at 0: the more recent, 5 (slot 4).
        assertArrayEquals(new int[] {1, 3, 4, -1, 4, 5}, three, "fewer steps than k: −1 first");
    }

    @Test
    void kMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new BehaviourRetrieval(VECTORS, 0));
    }
}
