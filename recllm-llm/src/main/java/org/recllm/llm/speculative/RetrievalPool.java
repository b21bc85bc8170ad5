package org.recllm.llm.speculative;

import java.util.Locale;

/**
 * Earlier generations of one group of similar entities, as token n-grams with counts, from which drafts are
 * retrieved: the most frequent continuation of the longest suffix of the current text (at least
 * {@link PoolSettings#minMatch()} and at most {@link PoolSettings#maxContext()} tokens) that the pool has seen, extended
 * token by token along the most frequent path.
 *
 * <p>Bounded: answers go into a current generation as long as it stays within half of
 * {@link PoolSettings#capacityTokens()}; an answer that would take it past that starts a new current generation, the
 * old current one becoming the previous and the previous one being dropped whole — the oldest answers leave first, in
 * constant time, and the pool holds between half and all of its capacity of the newest answers (an answer longer than
 * half the capacity keeps only its first half-capacity tokens). Lookups try both generations, the longer match
 * winning and the newer on a tie.
 *
 * <p>Not thread-safe: one generator uses a pool at a time (a batch is single-threaded between forward passes).
 */
public final class RetrievalPool {
    private final PoolSettings settings;
    private NgramTrie current;
    private NgramTrie previous;
    private long answers;
    private long evictedAnswers;
    private long currentAnswers;
    private long previousAnswers;
    /** The recent context followed by the draft so far, so every lookup reads one array. */
    private int[] window = new int[64];

    public RetrievalPool(PoolSettings settings) {
        this.settings = settings;
        this.current = new NgramTrie(settings.maxContext() + 1);
    }

    /** Adds one earlier generation (its tokens, prompt excluded). */
    public void add(int[] answer) {
        add(answer, 0, answer.length);
    }

    /** Adds {@code answer[from, to)} (only its first half-capacity tokens when it is longer). */
    public void add(int[] answer, int from, int to) {
        if (from < 0 || to > answer.length || from > to) {
            throw new IndexOutOfBoundsException("answer range [" + from + ", " + to + ") of " + answer.length + " tokens");
        }
        long half = settings.capacityTokens() / 2;
        if (to - from > half) {
            to = from + (int) half;
        }
        // Rotate before the current generation would pass half the capacity, so the two together never pass all of
        // it; an empty answer (a generation that ended at once) never rotates, so it cannot leave the current one empty.
        if (to > from && current.tokens() > 0 && current.tokens() + (to - from) > half) {
            evictedAnswers += previousAnswers;
            previous = current;
            previousAnswers = currentAnswers;
            current = new NgramTrie(settings.maxContext() + 1);
            currentAnswers = 0;
        }
        current.add(answer, from, to);
        currentAnswers++;
        answers++;
    }

    /**
     * Drafts up to {@code max} tokens continuing {@code text[0, length)} into {@code draft}; returns how many (0 when
     * no suffix of at least {@code minMatch} tokens was seen, or the pool is empty). Allocates nothing once the window
     * has grown to the longest draft asked.
     */
    public int draft(int[] text, int length, int max, int[] draft) {
        return draft(text, length, max, draft, null);
    }

    /**
     * As {@link #draft(int[], int, int, int[])}, also writing each drafted token's share of its context's continuations
     * in the pool (how often that context went on that way) into {@code shares}, when not null.
     */
    public int draft(int[] text, int length, int max, int[] draft, float[] shares) {
        if (max <= 0 || length < settings.minMatch() || tokensHeld() == 0) {
            return 0;
        }
        int context = Math.min(length, settings.maxContext());
        if (window.length < context + max) {
            window = new int[Math.max(context + max, window.length * 2)];
        }
        System.arraycopy(text, length - context, window, 0, context);
        int end = context;
        NgramTrie trie = null;
        int node = -1;
        int n = 0;
        while (n < max) {
            if (node < 0 || !trie.hasNext(node)) {
                node = -1;
                for (int match = Math.min(end, settings.maxContext()); match >= settings.minMatch() && node < 0; match--) {
                    node = current.continuable(window, end, match);
                    trie = current;
                    if (node < 0 && previous != null) {
                        node = previous.continuable(window, end, match);
                        trie = previous;
                    }
                }
                if (node < 0) {
                    break;
                }
            }
            int next = trie.bestNext(node);
            if (shares != null) {
                shares[n] = trie.share(node);
            }
            draft[n++] = next;
            window[end++] = next;
            node = trie.bestChild(node);
        }
        return n;
    }

    /** Answers added over the pool's life. */
    public long answersAdded() {
        return answers;
    }

    /** Answers the pool holds now. */
    public long answersHeld() {
        return currentAnswers + previousAnswers;
    }

    /** Answers dropped to stay within capacity. */
    public long answersEvicted() {
        return evictedAnswers;
    }

    /** Tokens of the answers held. */
    public long tokensHeld() {
        return current.tokens() + (previous == null ? 0 : previous.tokens());
    }

    /** Distinct n-grams held (both generations). */
    public long ngrams() {
        return current.nodes() + (previous == null ? 0 : previous.nodes());
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "pool of %,d answers, %,d tokens, %,d n-grams", answersHeld(), tokensHeld(), ngrams());
    }
}
