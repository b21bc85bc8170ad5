package org.recllm.data.dataset;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.recllm.core.io.BadInputException;

/**
 * The ratings of one file with the line each came from, so that a rating given twice for the same user, item and time
 * is reported with both lines, or resolved by a {@link Duplicates} policy, and an empty file is an error.
 */
final class RatingRows {
    private final String source;
    private final List<Rating> ratings = new ArrayList<>();
    private long[] lines = new long[1024];

    RatingRows(String source) {
        this.source = source;
    }

    void add(Rating rating, long line) {
        if (ratings.size() == lines.length) {
            lines = Arrays.copyOf(lines, lines.length * 2);
        }
        lines[ratings.size()] = line;
        ratings.add(rating);
    }

    /** The ratings in file order with duplicates resolved; an error when the file held none. */
    List<Rating> resolve(Duplicates policy) {
        if (ratings.isEmpty()) {
            throw new BadInputException(source, 0, null, "holds no ratings; expected one rating per line");
        }
        Set<Long> repeatedPairs = repeatedPairs();
        if (repeatedPairs.isEmpty()) {
            return ratings;
        }
        Map<Key, Integer> seen = new HashMap<>();
        boolean[] superseded = new boolean[ratings.size()];
        for (int i = 0; i < ratings.size(); i++) {
            Rating rating = ratings.get(i);
            if (!repeatedPairs.contains(pair(rating))) {
                continue;
            }
            Integer earlier = seen.put(new Key(rating.userId(), rating.itemId(), rating.timestamp()), i);
            if (earlier == null) {
                continue;
            }
            if (policy == Duplicates.ERROR) {
                throw duplicate(earlier, i);
            }
            superseded[earlier] = true;
        }
        List<Rating> kept = new ArrayList<>(ratings.size());
        for (int i = 0; i < ratings.size(); i++) {
            if (!superseded[i]) {
                kept.add(ratings.get(i));
            }
        }
        return kept;
    }

    /**
     * The (user, item) pairs rated more than once, found by sorting primitives: real files rate each pair once, so the
     * map of full keys above only ever holds these few rows, and memory stays at 8 bytes a rating.
     */
    private Set<Long> repeatedPairs() {
        long[] pairs = new long[ratings.size()];
        for (int i = 0; i < pairs.length; i++) {
            pairs[i] = pair(ratings.get(i));
        }
        Arrays.sort(pairs);
        Set<Long> repeated = new HashSet<>();
        for (int i = 1; i < pairs.length; i++) {
            if (pairs[i] == pairs[i - 1]) {
                repeated.add(pairs[i]);
            }
        }
        return repeated;
    }

    private DuplicateRatingException duplicate(int earlier, int later) {
        return DuplicateRatingException.of(source, lines[earlier], ratings.get(earlier), lines[later], ratings.get(later));
    }

    private static long pair(Rating rating) {
        return (long) rating.userId() << 32 | (rating.itemId() & 0xFFFF_FFFFL);
    }

    private record Key(int user, int item, long timestamp) {}
}
