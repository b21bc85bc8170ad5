package org.recllm.llm.speculative;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * Retrieval pools: drafts are the most frequent continuation of the longest suffix seen (within the pool's match
 * lengths), extended token by token; the pool keeps only its newest answers, within its capacity.
 */
class RetrievalPoolTest {

    private static RetrievalPool pool(int minMatch, int maxContext, long capacity, int[]... answers) {
        RetrievalPool pool = new RetrievalPool(new PoolSettings(minMatch, maxContext, capacity));
        for (int[] answer : answers) {
            pool.add(answer);
        }
        return pool;
    }

    /** The draft of up to {@code max} tokens after {@code text}, as an array of exactly the drafted tokens. */
    private static int[] draft(RetrievalPool pool, int max, int... text) {
        int[] out = new int[Math.max(max, 1) + 4];
        Arrays.fill(out, -7);
        int n = pool.draft(text, text.length, max, out);
        assertTrue(n >= 0 && n <= Math.max(max, 0), "drafted " + n + " of at most " + max);
        for (int i = n; i < out.length; i++) {
            assertEquals(-7, out[i], "nothing written past the drafted tokens");
        }
        return Arrays.copyOf(out, n);
    }

    @Test
    void theLongestSuffixWinsOverAShorterOneWithAMoreFrequentContinuation() {
        // After "6" alone, 9 is the most frequent next token (twice against once); after "5 6" only 7 ever came.
        RetrievalPool pool = pool(1, 4, 1000, new int[] {5, 6, 7, 8}, new int[] {6, 9}, new int[] {6, 9});
        assertArrayEquals(new int[] {7}, draft(pool, 1, 3, 5, 6));
        assertArrayEquals(new int[] {9}, draft(pool, 1, 3, 4, 6), "only the one-token suffix matches");
        // Longer still: "4 5 6" was never seen, so "5 6" is the longest match and decides.
        assertArrayEquals(new int[] {7, 8}, draft(pool, 5, 4, 5, 6));
    }

    @Test
    void theMostFrequentContinuationIsChosen() {
        RetrievalPool pool = pool(2, 5, 1000, new int[] {1, 2, 3}, new int[] {1, 2, 4}, new int[] {7, 1, 2, 4});
        assertArrayEquals(new int[] {4}, draft(pool, 3, 1, 2));
        // Three more "1 2 3" make 3 the majority.
        pool.add(new int[] {1, 2, 3});
        pool.add(new int[] {1, 2, 3, 5});
        assertArrayEquals(new int[] {3, 5}, draft(pool, 3, 1, 2));
        // "7 1 2" is a longer match: its only continuation (4) wins over the majority after "1 2".
        assertArrayEquals(new int[] {4}, draft(pool, 3, 7, 1, 2));
    }

    @Test
    void aDraftFollowsTheChainAcrossSeveralTokensAndAnswers() {
        int[] answer = {10, 11, 12, 13, 14, 15, 16};
        for (int maxContext : new int[] {2, 3, 8}) {
            RetrievalPool pool = pool(2, maxContext, 1000, answer);
            assertArrayEquals(new int[] {12, 13, 14, 15, 16}, draft(pool, 10, 3, 10, 11), "max context " + maxContext);
            assertArrayEquals(new int[] {12, 13, 14}, draft(pool, 3, 3, 10, 11), "at most max tokens");
            assertArrayEquals(new int[] {16}, draft(pool, 10, 14, 15), "the chain ends where the answer did");
            assertArrayEquals(new int[0], draft(pool, 10, 15, 16), "nothing ever followed 16");
        }
        // "1 2" leads into the first answer; "3 4" ends it, and the second answer continues "3 4" with 7 8.
        RetrievalPool pool = pool(2, 5, 1000, new int[] {1, 2, 3, 4}, new int[] {3, 4, 7, 8});
        assertArrayEquals(new int[] {3, 4, 7, 8}, draft(pool, 10, 0, 1, 2));
        assertArrayEquals(new int[] {4, 7, 8}, draft(pool, 10, 2, 3));
    }

    @Test
    void minMatchIsRespected() {
        RetrievalPool strict = pool(2, 4, 1000, new int[] {1, 2, 3});
        assertArrayEquals(new int[0], draft(strict, 4, 9, 2), "a one-token suffix does not count at min 2");
        assertArrayEquals(new int[0], draft(strict, 4, 2), "a text shorter than min");
        assertArrayEquals(new int[] {3}, draft(strict, 4, 1, 2));
        RetrievalPool loose = pool(1, 4, 1000, new int[] {1, 2, 3});
        assertArrayEquals(new int[] {3}, draft(loose, 4, 9, 2));
        assertArrayEquals(new int[] {3}, draft(loose, 4, 2));
        RetrievalPool three = pool(3, 4, 1000, new int[] {1, 2, 3, 4});
        assertArrayEquals(new int[0], draft(three, 4, 9, 2, 3));
        assertArrayEquals(new int[] {4}, draft(three, 4, 1, 2, 3));
    }

    @Test
    void nothingIsDraftedFromAnEmptyPoolOrForNoTokens() {
        RetrievalPool empty = pool(1, 4, 1000);
        assertArrayEquals(new int[0], draft(empty, 8, 1, 2, 3));
        empty.add(new int[0]);
        assertArrayEquals(new int[0], draft(empty, 8, 1, 2, 3), "an empty answer adds nothing to draft from");
        RetrievalPool full = pool(1, 4, 1000, new int[] {1, 2, 3});
        assertArrayEquals(new int[0], draft(full, 0, 1, 2));
        assertArrayEquals(new int[0], draft(full, -1, 1, 2));
        assertArrayEquals(new int[] {3}, draft(full, 1, 1, 2));
        // Only text[0, length) counts: the rest of the array is ignored.
        int[] out = new int[4];
        assertEquals(1, full.draft(new int[] {1, 2, 99, 99}, 2, 4, out));
        assertEquals(3, out[0]);
        assertEquals(0, full.draft(new int[] {1, 2, 99, 99}, 0, 4, out));
    }

    @Test
    void theOldestAnswersAreEvictedAndTheNewestStayWithinCapacity() {
        // Answers of five distinct tokens each; half the capacity is two answers, so generations hold two each.
        RetrievalPool pool = new RetrievalPool(new PoolSettings(2, 4, 20));
        List<int[]> answers = new ArrayList<>();
        for (int a = 0; a < 9; a++) {
            int[] answer = new int[5];
            for (int i = 0; i < answer.length; i++) {
                answer[i] = 10 * a + i;
            }
            answers.add(answer);
            pool.add(answer);
            assertEquals(a + 1, pool.answersAdded());
            assertEquals(pool.answersAdded(), pool.answersHeld() + pool.answersEvicted());
            assertTrue(pool.tokensHeld() <= 20, "held " + pool.tokensHeld() + " tokens after " + (a + 1) + " answers");
            assertEquals(5 * pool.answersHeld(), pool.tokensHeld());
            assertHoldsExactlyTheNewest(pool, answers);
        }
        // 0,1 | 2,3 | 4,5 | 6,7 | 8: the generation {8} and {6, 7} are held, 0 to 5 evicted.
        assertEquals(3, pool.answersHeld());
        assertEquals(6, pool.answersEvicted());
        assertEquals(15, pool.tokensHeld());
        assertArrayEquals(new int[0], draft(pool, 4, 0, 1));
        assertArrayEquals(new int[0], draft(pool, 4, 50, 51));
        assertArrayEquals(new int[] {62, 63, 64}, draft(pool, 4, 60, 61));
        assertArrayEquals(new int[] {82, 83, 84}, draft(pool, 4, 80, 81));
    }

    @Test
    void answersThatDoNotFillHalfTheCapacityExactlyStillStayWithinIt() {
        // Six-token answers against a capacity of 20: a generation can never take exactly half of it.
        for (int length : new int[] {3, 4, 6, 7, 9, 10, 11, 19, 20, 25}) {
            RetrievalPool pool = new RetrievalPool(new PoolSettings(2, 4, 20));
            List<int[]> answers = new ArrayList<>();
            long added = 0;
            for (int a = 0; a < 12; a++) {
                int[] answer = new int[length];
                for (int i = 0; i < length; i++) {
                    answer[i] = 100 * a + i;
                }
                answers.add(answer);
                pool.add(answer);
                added += length;
                String where = "answers of " + length + " tokens, after " + (a + 1);
                assertTrue(pool.tokensHeld() <= 20, where + ": " + pool.tokensHeld() + " tokens held");
                assertTrue(pool.tokensHeld() >= Math.min(added, 10), where + ": only " + pool.tokensHeld() + " tokens held");
                assertEquals(pool.answersAdded(), pool.answersHeld() + pool.answersEvicted(), where);
                assertTrue(pool.answersHeld() >= 1, where);
                // The newest answer is always there to draft from (at least its start).
                int[] newest = answers.getLast();
                int[] drafted = draft(pool, 1, newest[0], newest[1]);
                assertArrayEquals(new int[] {newest[2]}, drafted, where);
            }
            if (length <= 10) {
                List<int[]> held = answers.subList(answers.size() - (int) pool.answersHeld(), answers.size());
                assertEquals((long) length * held.size(), pool.tokensHeld(), "answers of " + length);
                assertHoldsExactlyTheNewest(pool, answers);
            }
        }
    }

    @Test
    void anEmptyAnswerDoesNotHideTheAnswersHeld() {
        // A generation that ended at once (an end token first) adds an empty answer: the pool must still draft.
        RetrievalPool pool = new RetrievalPool(new PoolSettings(2, 4, 10));
        pool.add(new int[] {1, 2, 3, 4, 5});
        pool.add(new int[0]);
        assertEquals(2, pool.answersAdded());
        assertEquals(5, pool.tokensHeld());
        assertArrayEquals(new int[] {3, 4, 5}, draft(pool, 4, 1, 2));
        pool.add(new int[] {6, 7, 8});
        pool.add(new int[0]);
        pool.add(new int[0]);
        assertArrayEquals(new int[] {8}, draft(pool, 4, 6, 7));
        assertTrue(pool.tokensHeld() <= 10);
    }

    @Test
    void aRangeOfAnAnswerAddsOnlyThatRange() {
        RetrievalPool pool = new RetrievalPool(new PoolSettings(2, 4, 1000));
        int[] answer = {1, 2, 3, 4, 5, 6};
        pool.add(answer, 2, 5);
        assertEquals(3, pool.tokensHeld());
        assertArrayEquals(new int[0], draft(pool, 4, 1, 2), "before the range");
        assertArrayEquals(new int[] {5}, draft(pool, 4, 3, 4));
        assertArrayEquals(new int[0], draft(pool, 4, 4, 5), "6 lies past the range");
        // n-grams of the new range, counts of distinct n-grams: 3 4 5, 3 4, 4 5, 3, 4, 5.
        assertEquals(6, pool.ngrams());
    }

    @Test
    void badRangesAndSettingsAreRejected() {
        RetrievalPool pool = new RetrievalPool(PoolSettings.DEFAULT);
        int[] answer = {1, 2, 3};
        assertThrows(IndexOutOfBoundsException.class, () -> pool.add(answer, -1, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> pool.add(answer, 0, 4));
        assertThrows(IndexOutOfBoundsException.class, () -> pool.add(answer, 2, 1));
        assertEquals(0, pool.answersAdded(), "a rejected range adds nothing");
        assertEquals(0, pool.tokensHeld());
        pool.add(answer, 3, 3);
        assertEquals(1, pool.answersAdded());
        assertThrows(IllegalArgumentException.class, () -> new PoolSettings(0, 4, 100));
        assertThrows(IllegalArgumentException.class, () -> new PoolSettings(3, 2, 100));
        assertThrows(IllegalArgumentException.class, () -> new PoolSettings(2, 65, 100));
        assertThrows(IllegalArgumentException.class, () -> new PoolSettings(2, 4, 1));
        assertEquals(new PoolSettings(2, 5, 4_000_000), PoolSettings.DEFAULT);
    }

    @Test
    void theTrieGrowsPastItsFirstArraysAndKeepsCounting() {
        // Thousands of distinct n-grams force the node arrays and the child table to grow and rehash several times.
        RetrievalPool pool = new RetrievalPool(new PoolSettings(2, 3, 1_000_000));
        Random random = new Random(5);
        int[] answer = new int[5000];
        for (int i = 0; i < answer.length; i++) {
            answer[i] = random.nextInt(3000);
        }
        pool.add(answer);
        // The marker continuation after "7001 7002" must survive the rehashes, and win once it is the majority.
        pool.add(new int[] {7001, 7002, 7003, 7004});
        pool.add(new int[] {7001, 7002, 7005});
        pool.add(new int[] {7001, 7002, 7005});
        assertArrayEquals(new int[] {7005}, draft(pool, 4, 7001, 7002));
        for (int start = 0; start + 3 < answer.length; start += 997) {
            int[] drafted = draft(pool, 1, answer[start], answer[start + 1], answer[start + 2]);
            assertEquals(1, drafted.length, "every 3-gram of the answer continues");
        }
        assertTrue(pool.ngrams() > 10_000, pool.ngrams() + " n-grams");
    }

    // ---- model-based property: drafts equal a brute-force search over the held answers ----

    /**
     * Random answers over a small alphabet (so suffixes repeat and compete), random settings and texts: every draft
     * equals what a direct search over the held answers gives. The reference keeps the pool's two generations (the
     * newer wins a tie in match length) and, within one generation, picks the most frequent continuation, a tie going
     * to the continuation that reached that count first, as the trie's counters do.
     */
    @Property(tries = 400)
    void draftsEqualABruteForceSearchOfTheHeldAnswers(@ForAll long seed) {
        Random random = new Random(seed);
        int alphabet = 2 + random.nextInt(4);
        int minMatch = 1 + random.nextInt(3);
        int maxContext = minMatch + random.nextInt(4);
        long capacity = 2 + random.nextInt(60);
        RetrievalPool pool = new RetrievalPool(new PoolSettings(minMatch, maxContext, capacity));
        Reference reference = new Reference(minMatch, maxContext, capacity);
        int answers = random.nextInt(14);
        for (int a = 0; a <= answers; a++) {
            int[] answer = randomTokens(random, random.nextInt(14), alphabet);
            if (a < answers) {
                pool.add(answer);
                reference.add(answer);
            }
            String where = "seed " + seed + ", " + (a + 1) + " answers, min " + minMatch + " max " + maxContext + " capacity "
                    + capacity;
            assertEquals(reference.tokensHeld(), pool.tokensHeld(), where);
            assertEquals(reference.answersHeld(), pool.answersHeld(), where);
            assertEquals(a == answers ? answers : a + 1, pool.answersAdded(), where);
            assertEquals(pool.answersAdded() - pool.answersHeld(), pool.answersEvicted(), where);
            assertTrue(pool.tokensHeld() <= capacity, where + ": " + pool.tokensHeld() + " tokens held");
            for (int t = 0; t < 4; t++) {
                int[] text = randomTokens(random, random.nextInt(10), alphabet);
                int max = random.nextInt(12);
                int[] expected = reference.draft(text, max);
                assertArrayEquals(expected, draft(pool, max, text), where + ", text " + Arrays.toString(text) + ", max " + max);
            }
        }
    }

    private static int[] randomTokens(Random random, int length, int alphabet) {
        int[] tokens = new int[length];
        for (int i = 0; i < length; i++) {
            tokens[i] = random.nextInt(alphabet);
        }
        return tokens;
    }

    /** Every answer held, by generation, searched directly. */
    private static final class Reference {
        final int minMatch;
        final int maxContext;
        final long capacity;
        List<int[]> current = new ArrayList<>();
        List<int[]> previous = new ArrayList<>();

        Reference(int minMatch, int maxContext, long capacity) {
            this.minMatch = minMatch;
            this.maxContext = maxContext;
            this.capacity = capacity;
        }

        /**
         * A generation holds at most half the capacity: an answer that would take the current one past it opens a
         * new one (the previous is dropped); an answer longer than half the capacity keeps its first half.
         */
        void add(int[] answer) {
            long half = capacity / 2;
            int[] kept = answer.length > half ? Arrays.copyOf(answer, (int) half) : answer;
            if (kept.length > 0 && tokens(current) > 0 && tokens(current) + kept.length > half) {
                previous = current;
                current = new ArrayList<>();
            }
            current.add(kept);
        }

        long answersHeld() {
            return current.size() + previous.size();
        }

        long tokensHeld() {
            return tokens(current) + tokens(previous);
        }

        private static long tokens(List<int[]> answers) {
            return answers.stream().mapToLong(a -> a.length).sum();
        }

        int[] draft(int[] text, int max) {
            List<Integer> out = new ArrayList<>();
            List<Integer> window = new ArrayList<>();
            for (int t : text) {
                window.add(t);
            }
            while (out.size() < max) {
                Integer next = null;
                for (int match = Math.min(window.size(), maxContext); match >= minMatch && next == null; match--) {
                    List<Integer> suffix = window.subList(window.size() - match, window.size());
                    next = continuation(current, suffix);
                    if (next == null) {
                        next = continuation(previous, suffix);
                    }
                }
                if (next == null) {
                    break;
                }
                out.add(next);
                window.add(next);
            }
            return out.stream().mapToInt(Integer::intValue).toArray();
        }

        /** The most frequent token after {@code suffix} in {@code answers}; a tie goes to the first to reach the count. */
        private static Integer continuation(List<int[]> answers, List<Integer> suffix) {
            Map<Integer, Integer> counts = new HashMap<>();
            Integer best = null;
            for (int[] answer : answers) {
                for (int start = 0; start + suffix.size() < answer.length; start++) {
                    boolean matches = true;
                    for (int i = 0; i < suffix.size() && matches; i++) {
                        matches = answer[start + i] == suffix.get(i);
                    }
                    if (matches) {
                        int next = answer[start + suffix.size()];
                        int count = counts.merge(next, 1, Integer::sum);
                        if (best == null || (best != next && count > counts.get(best))) {
                            best = next;
                        }
                    }
                }
            }
            return best;
        }
    }

    private void assertHoldsExactlyTheNewest(RetrievalPool pool, List<int[]> answers) {
        int held = (int) pool.answersHeld();
        for (int a = 0; a < answers.size(); a++) {
            int[] answer = answers.get(a);
            int[] drafted = draft(pool, answer.length, answer[0], answer[1]);
            if (a >= answers.size() - held) {
                assertArrayEquals(Arrays.copyOfRange(answer, 2, answer.length), drafted, "answer " + a + " is held");
            } else {
                assertArrayEquals(new int[0], drafted, "answer " + a + " was evicted");
            }
        }
    }
}
