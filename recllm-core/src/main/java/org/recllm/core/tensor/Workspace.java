package org.recllm.core.tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Float buffers handed out during a step and taken back all at once: a training step that repeats the same sequence
 * of requests gets buffers it already holds, so after the first step nothing is allocated (page faults are expensive
 * on these machines).
 *
 * <p>Each float request takes the smallest free buffer that fits (best fit), not the buffer at its position in the
 * request order: steps that alternate between request patterns (a pass with gradients and one without, a block
 * computed first without recording and again with it) then share buffers instead of each position growing to the
 * largest request any pattern made there. Given the same requests as an earlier step, best fit always finds a buffer
 * for each of them, so the buffers held stop growing once every pattern has run.
 */
public final class Workspace {
    /** Every float buffer held at the last reset, shortest first. */
    private float[][] buffers = new float[0][];
    /**
     * For index i: i when {@code buffers[i]} is free, else a later index to look from (path-compressed), so the next
     * free buffer at or after any index is found in amortised constant time. Index {@code buffers.length} is "none".
     */
    private int[] nextFree = {0};
    /** Buffers allocated since the last reset, merged into {@link #buffers} by the next one. */
    private final List<float[]> fresh = new ArrayList<>();
    private final List<int[]> intBuffers = new ArrayList<>();
    private int intCursor;

    /** A buffer of at least {@code length} floats with unspecified content. */
    public float[] take(int length) {
        int free = nextFree(firstFitting(length));
        if (free < buffers.length) {
            nextFree[free] = free + 1;
            return buffers[free];
        }
        float[] buffer = new float[grow(length)];
        fresh.add(buffer);
        return buffer;
    }

    /** A buffer whose first {@code length} floats are zero. */
    public float[] takeZeroed(int length) {
        float[] buffer = take(length);
        Arrays.fill(buffer, 0, length, 0f);
        return buffer;
    }

    /** An int buffer of at least {@code length} (index lists that a backward step needs), handed out in request order. */
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
        for (float[] buffer : fresh) {
            elements += buffer.length;
        }
        for (int[] buffer : intBuffers) {
            elements += buffer.length;
        }
        return elements * Float.BYTES;
    }

    /** Makes every buffer available again; tensors over them become invalid. */
    public void reset() {
        if (!fresh.isEmpty()) {
            float[][] all = Arrays.copyOf(buffers, buffers.length + fresh.size());
            for (int i = 0; i < fresh.size(); i++) {
                all[buffers.length + i] = fresh.get(i);
            }
            Arrays.sort(all, Comparator.comparingInt(buffer -> buffer.length));
            buffers = all;
            nextFree = new int[all.length + 1];
            fresh.clear();
        }
        for (int i = 0; i < nextFree.length; i++) {
            nextFree[i] = i;
        }
        intCursor = 0;
    }

    /** The first index whose buffer holds at least {@code length} floats ({@code buffers.length} when none does). */
    private int firstFitting(int length) {
        int low = 0;
        int high = buffers.length;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (buffers[middle].length < length) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }

    /** The first free index at or after {@code from}, compressing the path walked. */
    private int nextFree(int from) {
        int root = from;
        while (nextFree[root] != root) {
            root = nextFree[root];
        }
        for (int i = from; i != root; ) {
            int next = nextFree[i];
            nextFree[i] = root;
            i = next;
        }
        return root;
    }

    private static int grow(int length) {
        // A little headroom so that slightly larger batches (e.g. a longer sequence) reuse the buffer.
        return length <= 16 ? length : (int) Math.min(Integer.MAX_VALUE - 8, length + (length >> 3));
    }
}
