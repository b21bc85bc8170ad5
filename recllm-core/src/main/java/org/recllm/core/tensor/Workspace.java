package org.recllm.core.tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Float buffers handed out in call order and taken back all at once: a training step that repeats the same sequence
 * of operations gets the same arrays every time, so after the first step nothing is allocated (page faults are
 * expensive on these machines). A request larger than the buffer at its position replaces it.
 */
public final class Workspace {
    private final List<float[]> buffers = new ArrayList<>();
    private final List<int[]> intBuffers = new ArrayList<>();
    private int cursor;
    private int intCursor;

    /** A buffer of at least {@code length} floats with unspecified content. */
    public float[] take(int length) {
        if (cursor < buffers.size()) {
            float[] buffer = buffers.get(cursor);
            if (buffer.length >= length) {
                cursor++;
                return buffer;
            }
            float[] grown = new float[grow(length)];
            buffers.set(cursor++, grown);
            return grown;
        }
        float[] fresh = new float[grow(length)];
        buffers.add(fresh);
        cursor++;
        return fresh;
    }

    /** A buffer whose first {@code length} floats are zero. */
    public float[] takeZeroed(int length) {
        float[] buffer = take(length);
        Arrays.fill(buffer, 0, length, 0f);
        return buffer;
    }

    /** An int buffer of at least {@code length} (index lists that a backward step needs), handed out like floats. */
    public int[] takeInts(int length) {
        if (intCursor < intBuffers.size() && intBuffers.get(intCursor).length >= length) {
            return intBuffers.get(intCursor++);
        }
        int[] fresh = new int[grow(length)];
        if (intCursor < intBuffers.size()) {
            intBuffers.set(intCursor++, fresh);
        } else {
            intBuffers.add(fresh);
            intCursor++;
        }
        return fresh;
    }

    /** Bytes held in all buffers, in use or not: what a step's intermediates occupy at their largest. */
    public long bytes() {
        long elements = 0;
        for (float[] buffer : buffers) {
            elements += buffer.length;
        }
        for (int[] buffer : intBuffers) {
            elements += buffer.length;
        }
        return elements * Float.BYTES;
    }

    /** Makes every buffer available again; tensors over them become invalid. */
    public void reset() {
        cursor = 0;
        intCursor = 0;
    }

    private static int grow(int length) {
        // A little headroom so that slightly larger batches (e.g. a longer sequence) reuse the buffer.
        return length <= 16 ? length : (int) Math.min(Integer.MAX_VALUE - 8, length + (length >> 3));
    }
}
