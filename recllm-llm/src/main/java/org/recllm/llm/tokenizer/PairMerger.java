package org.recllm.llm.tokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Greedy pairwise merging, the core of both BPE flavours: start from one symbol per code point and repeatedly merge
 * the adjacent pair with the highest priority (ties: the leftmost), until no adjacent pair may merge. The symbols form
 * a linked list and candidate pairs wait in a priority queue, so a text of n code points costs O(n log n) rather than
 * the O(n²) of rescanning all pairs after every merge (llama.cpp's llm_tokenizer_spm and llm_tokenizer_bpe work so).
 */
final class PairMerger {
    /** The priority of merging {@code text[start, mid)} with {@code text[mid, end)}; NaN when they may not merge. */
    @FunctionalInterface
    interface Priority {
        double of(String text, int start, int mid, int end);
    }

    private record Candidate(double priority, int left, int right, int length) implements Comparable<Candidate> {
        @Override
        public int compareTo(Candidate other) {
            int byPriority = Double.compare(other.priority, priority);
            return byPriority != 0 ? byPriority : Integer.compare(left, other.left);
        }
    }

    private final String text;
    private final Priority priority;
    private final int[] start;
    private final int[] length;
    private final int[] prev;
    private final int[] next;
    private final PriorityQueue<Candidate> queue = new PriorityQueue<>();
    private int candidatesQueued;

    PairMerger(String text, Priority priority) {
        this.text = text;
        this.priority = priority;
        int symbols = text.codePointCount(0, text.length());
        this.start = new int[symbols];
        this.length = new int[symbols];
        this.prev = new int[symbols];
        this.next = new int[symbols];
        for (int i = 0, offset = 0; i < symbols; i++) {
            start[i] = offset;
            length[i] = Character.charCount(text.codePointAt(offset));
            offset += length[i];
            prev[i] = i - 1;
            next[i] = i + 1 < symbols ? i + 1 : -1;
        }
        for (int i = 1; i < symbols; i++) {
            offer(i - 1, i);
        }
        while (!queue.isEmpty()) {
            Candidate pair = queue.poll();
            int left = pair.left();
            int right = pair.right();
            // A queued pair is stale once either side has merged with something else.
            if (length[left] == 0 || next[left] != right || length[left] + length[right] != pair.length()) {
                continue;
            }
            length[left] += length[right];
            length[right] = 0;
            next[left] = next[right];
            if (next[right] >= 0) {
                prev[next[right]] = left;
            }
            if (prev[left] >= 0) {
                offer(prev[left], left);
            }
            if (next[left] >= 0) {
                offer(left, next[left]);
            }
        }
    }

    private void offer(int left, int right) {
        int from = start[left];
        int mid = from + length[left];
        int to = mid + length[right];
        double p = priority.of(text, from, mid, to);
        if (!Double.isNaN(p)) {
            queue.add(new Candidate(p, left, right, to - from));
            candidatesQueued++;
        }
    }

    /** The merged symbols, left to right; their concatenation is the text. */
    List<String> pieces() {
        List<String> pieces = new ArrayList<>();
        for (int i = start.length == 0 ? -1 : 0; i >= 0; i = next[i]) {
            pieces.add(text.substring(start[i], start[i] + length[i]));
        }
        return pieces;
    }

    /** How many candidate pairs entered the queue: at most 3n for n code points, which keeps merging O(n log n). */
    int candidatesQueued() {
        return candidatesQueued;
    }
}
