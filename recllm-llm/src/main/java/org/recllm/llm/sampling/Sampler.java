package org.recllm.llm.sampling;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Picks tokens from logits rows according to a {@link SamplerConfig}, in llama.cpp's chain order: repetition
 * penalty, top-k, top-p and min-p (both judged on the untempered distribution), then a draw at the temperature.
 * Buffers are kept between calls, so sampling allocates nothing per token; one sampler per sequence (it owns the
 * seeded random stream).
 */
public final class Sampler {
    private final SamplerConfig config;
    private final SplittableRandom random;
    private float[] scores = new float[0];
    private long[] ranked = new long[0];
    private int[] seenAt = new int[0];
    private double[] weights = new double[0];
    private int epoch;

    public Sampler(SamplerConfig config) {
        this.config = config;
        this.random = new SplittableRandom(config.seed());
    }

    public SamplerConfig config() {
        return config;
    }

    /**
     * The next token from {@code logits[offset, offset + vocabulary)}; {@code history[0, historyLength)} is the
     * sequence so far, for the repetition penalty. The logits are left unchanged.
     */
    public int sample(float[] logits, int offset, int vocabulary, int[] history, int historyLength) {
        score(logits, offset, vocabulary, history, historyLength);
        if (config.isGreedy()) {
            int best = 0;
            for (int i = 1; i < vocabulary; i++) {
                if (scores[i] > scores[best]) {
                    best = i;
                }
            }
            return best;
        }
        return draw(candidates(vocabulary), -1);
    }

    /**
     * Speculative sampling of a draft token proposed with certainty: accepted with the probability the sampler's
     * distribution (penalties, top-k/p, min-p and temperature applied) gives it. On a rejection, draw the replacement
     * with {@link #sampleExcluding}: together they keep that distribution exactly. Sampled configurations only.
     */
    public boolean acceptsDraft(float[] logits, int offset, int vocabulary, int[] history, int historyLength, int draft) {
        requireSampled();
        score(logits, offset, vocabulary, history, historyLength);
        int keep = candidates(vocabulary);
        double total = 0;
        double mass = 0;
        for (int i = 0; i < keep; i++) {
            total += weights[i];
            if (id(i) == draft) {
                mass = weights[i];
            }
        }
        return random.nextDouble() * total < mass;
    }

    /** A token from the sampler's distribution with {@code excluded} removed and the rest renormalised. */
    public int sampleExcluding(float[] logits, int offset, int vocabulary, int[] history, int historyLength, int excluded) {
        requireSampled();
        score(logits, offset, vocabulary, history, historyLength);
        return draw(candidates(vocabulary), excluded);
    }

    /**
     * The row's scores as this sampler ranks them — the logits with the repetition penalty applied — in a buffer
     * reused by the next call (what a relaxed draft check reads, so it judges the tokens greedy decoding would).
     */
    public float[] penalised(float[] logits, int offset, int vocabulary, int[] history, int historyLength) {
        score(logits, offset, vocabulary, history, historyLength);
        return scores;
    }

    private void requireSampled() {
        if (config.isGreedy()) {
            throw new IllegalStateException("speculative sampling needs a temperature above 0");
        }
    }

    /** The logits of a row, with the repetition penalty applied, into {@code scores}. */
    private void score(float[] logits, int offset, int vocabulary, int[] history, int historyLength) {
        ensureCapacity(vocabulary);
        System.arraycopy(logits, offset, scores, 0, vocabulary);
        applyRepeatPenalty(history, historyLength);
    }

    /**
     * Ranks the candidates that top-k, top-p and min-p keep and puts their weights at the temperature in
     * {@code weights[0, keep)}, best first; returns keep.
     */
    private int candidates(int vocabulary) {
        int n = rankTop(vocabulary, config.topK() == 0 ? vocabulary : Math.min(config.topK(), vocabulary));
        float max = scores[id(0)];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            weights[i] = Math.exp(scores[id(i)] - max);
            sum += weights[i];
        }
        int keep = n;
        if (config.topP() < 1) {
            double cumulative = 0;
            for (int i = 0; i < n; i++) {
                cumulative += weights[i] / sum;
                if (cumulative >= config.topP()) {
                    keep = i + 1;
                    break;
                }
            }
        }
        if (config.minP() > 0) {
            int i = 1;
            while (i < keep && weights[i] >= config.minP() * weights[0]) {
                i++;
            }
            keep = i;
        }
        for (int i = 0; i < keep; i++) {
            weights[i] = Math.exp((scores[id(i)] - max) / config.temperature());
        }
        return keep;
    }

    /** A draw from {@code weights[0, keep)}, leaving out token {@code excluded} (-1 for none). */
    private int draw(int keep, int excluded) {
        double total = 0;
        int last = -1;
        for (int i = 0; i < keep; i++) {
            if (id(i) == excluded) {
                weights[i] = 0;
            } else {
                last = i;
            }
            total += weights[i];
        }
        if (last < 0) {
            // Only the excluded token was a candidate: it had all the mass, so it cannot have been rejected.
            throw new IllegalStateException("no candidate token is left once " + excluded + " is excluded");
        }
        double u = random.nextDouble() * total;
        for (int i = 0; i < last; i++) {
            u -= weights[i];
            if (u < 0) {
                return id(i);
            }
        }
        return id(last);
    }

    private void ensureCapacity(int vocabulary) {
        if (scores.length < vocabulary) {
            scores = new float[vocabulary];
            ranked = new long[vocabulary];
            seenAt = new int[vocabulary];
            weights = new double[vocabulary];
        }
    }

    /** Divides positive and multiplies negative logits of each distinct token in the window, as llama.cpp does. */
    private void applyRepeatPenalty(int[] history, int historyLength) {
        if (config.repeatPenalty() == 1f || history == null || historyLength == 0) {
            return;
        }
        epoch++;
        for (int i = Math.max(0, historyLength - config.repeatWindow()); i < historyLength; i++) {
            int token = history[i];
            if (seenAt[token] != epoch) {
                seenAt[token] = epoch;
                float s = scores[token];
                scores[token] = s > 0 ? s / config.repeatPenalty() : s * config.repeatPenalty();
            }
        }
    }

    /**
     * Puts the {@code k} best ids in {@code ranked[0, k)}, best first, as (score key, id) pairs: a bounded min-heap
     * of size k over the vocabulary, then a sort of the k.
     */
    private int rankTop(int vocabulary, int k) {
        int size = 0;
        for (int id = 0; id < vocabulary; id++) {
            long key = key(scores[id], id);
            if (size < k) {
                ranked[size] = key;
                siftUp(size++);
            } else if (key > ranked[0]) {
                ranked[0] = key;
                siftDown(0, size);
            }
        }
        Arrays.sort(ranked, 0, size);
        for (int i = 0, j = size - 1; i < j; i++, j--) {
            long swap = ranked[i];
            ranked[i] = ranked[j];
            ranked[j] = swap;
        }
        return size;
    }

    /** Orders by score, then by lower id on ties, so equal logits pick like a greedy argmax. */
    private static long key(float score, int id) {
        int bits = Float.floatToIntBits(score == 0f ? 0f : score);
        int sortable = bits < 0 ? bits ^ 0x7fffffff : bits;
        return ((long) sortable << 32) | (0xFFFFFFFFL - id);
    }

    private int id(int rank) {
        return (int) (0xFFFFFFFFL - (ranked[rank] & 0xFFFFFFFFL));
    }

    private void siftUp(int i) {
        while (i > 0) {
            int parent = (i - 1) / 2;
            if (ranked[parent] <= ranked[i]) {
                return;
            }
            swap(parent, i);
            i = parent;
        }
    }

    private void siftDown(int i, int size) {
        while (true) {
            int smallest = i;
            int left = 2 * i + 1;
            int right = left + 1;
            if (left < size && ranked[left] < ranked[smallest]) {
                smallest = left;
            }
            if (right < size && ranked[right] < ranked[smallest]) {
                smallest = right;
            }
            if (smallest == i) {
                return;
            }
            swap(i, smallest);
            i = smallest;
        }
    }

    private void swap(int a, int b) {
        long t = ranked[a];
        ranked[a] = ranked[b];
        ranked[b] = t;
    }
}
