package org.recllm.llm.speculative;

import java.util.Arrays;

/**
 * An insert-only trie of every token n-gram (up to {@code depth} tokens) of the answers added to it, with counts:
 * a node is an n-gram, its children the tokens seen after it and how often. Children live in one open-addressing
 * table keyed by (parent, token), and each node keeps its most frequent child, so the best continuation of a context
 * is one lookup per context token plus one read. Arrays grow by doubling while answers are added; lookups allocate
 * nothing.
 */
final class NgramTrie {
    private static final int ROOT = 0;
    private static final long EMPTY = -1L;

    private final int depth;
    // Per node: its count (how often the n-gram occurred) and its most frequent child (-1 when it has none).
    private int[] count;
    private int[] best;
    private int[] token;
    private int nodes;
    // (parent << 32 | token) → child node.
    private long[] keys;
    private int[] children;
    private int mask;
    private long tokens;

    NgramTrie(int depth) {
        this.depth = depth;
        this.count = new int[1024];
        this.best = new int[1024];
        this.token = new int[1024];
        Arrays.fill(best, -1);
        this.nodes = 1;
        this.keys = new long[2048];
        Arrays.fill(keys, EMPTY);
        this.children = new int[2048];
        this.mask = keys.length - 1;
    }

    /** Adds every n-gram of {@code answer[from, to)} of up to {@code depth} tokens. */
    void add(int[] answer, int from, int to) {
        for (int start = from; start < to; start++) {
            int node = ROOT;
            int end = Math.min(to, start + depth);
            for (int i = start; i < end; i++) {
                int child = childOrCreate(node, answer[i]);
                count[child]++;
                if (best[node] < 0 || (best[node] != child && count[child] > count[best[node]])) {
                    best[node] = child;
                }
                node = child;
            }
        }
        tokens += to - from;
    }

    /**
     * The node of the n-gram {@code context[end - length, end)}, or -1 when it never occurred or was never followed
     * by anything (then it cannot propose a continuation).
     */
    int continuable(int[] context, int end, int length) {
        int node = ROOT;
        for (int i = end - length; i < end && node >= 0; i++) {
            node = child(node, context[i]);
        }
        return node >= 0 && best[node] >= 0 ? node : -1;
    }

    /** The token most often seen after {@code node}'s n-gram. */
    int bestNext(int node) {
        return token[best[node]];
    }

    /** The most frequent next token's share of {@code node}'s occurrences: how often the n-gram went on that way. */
    float share(int node) {
        return (float) count[best[node]] / count[node];
    }

    /** The node reached from {@code node} by its most frequent next token. */
    int bestChild(int node) {
        return best[node];
    }

    /** Whether {@code node} has a recorded continuation. */
    boolean hasNext(int node) {
        return best[node] >= 0;
    }

    /** Tokens of answers added. */
    long tokens() {
        return tokens;
    }

    /** Distinct n-grams held. */
    int nodes() {
        return nodes - 1;
    }

    private int child(int parent, int tokenId) {
        long key = key(parent, tokenId);
        for (int slot = slot(key); ; slot = (slot + 1) & mask) {
            long k = keys[slot];
            if (k == key) {
                return children[slot];
            }
            if (k == EMPTY) {
                return -1;
            }
        }
    }

    private int childOrCreate(int parent, int tokenId) {
        long key = key(parent, tokenId);
        int slot = slot(key);
        for (; ; slot = (slot + 1) & mask) {
            long k = keys[slot];
            if (k == key) {
                return children[slot];
            }
            if (k == EMPTY) {
                break;
            }
        }
        int node = newNode(tokenId);
        keys[slot] = key;
        children[slot] = node;
        // Keep the table at most half full, so probes stay short.
        if (2L * nodes > keys.length) {
            rehash();
        }
        return node;
    }

    private int newNode(int tokenId) {
        if (nodes == count.length) {
            int size = count.length * 2;
            count = Arrays.copyOf(count, size);
            token = Arrays.copyOf(token, size);
            int old = best.length;
            best = Arrays.copyOf(best, size);
            Arrays.fill(best, old, size, -1);
        }
        token[nodes] = tokenId;
        return nodes++;
    }

    private void rehash() {
        long[] oldKeys = keys;
        int[] oldChildren = children;
        keys = new long[oldKeys.length * 2];
        Arrays.fill(keys, EMPTY);
        children = new int[oldKeys.length * 2];
        mask = keys.length - 1;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != EMPTY) {
                int slot = slot(oldKeys[i]);
                while (keys[slot] != EMPTY) {
                    slot = (slot + 1) & mask;
                }
                keys[slot] = oldKeys[i];
                children[slot] = oldChildren[i];
            }
        }
    }

    private static long key(int parent, int tokenId) {
        return ((long) parent << 32) | (tokenId & 0xFFFFFFFFL);
    }

    private int slot(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 29)) & mask;
    }
}
