package org.recllm.data.protocol;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.recllm.data.dataset.Rating;

/**
 * Each user's ratings from a history pool in (timestamp, item id) order, answering "the latest n ratings strictly
 * before time t" with a binary search, so a sample never sees itself, anything at its own timestamp, or later.
 */
public final class UserHistories {
    private final Map<Integer, Rating[]> byUser;

    private UserHistories(Map<Integer, Rating[]> byUser) {
        this.byUser = byUser;
    }

    public static UserHistories of(List<Rating> pool) {
        Map<Integer, List<Rating>> grouped = new HashMap<>();
        for (Rating rating : pool) {
            grouped.computeIfAbsent(rating.userId(), u -> new ArrayList<>()).add(rating);
        }
        Map<Integer, Rating[]> byUser = new HashMap<>();
        grouped.forEach((user, ratings) -> {
            Rating[] sorted = ratings.toArray(Rating[]::new);
            Arrays.sort(sorted, Protocol.BY_TIME_THEN_ITEM);
            byUser.put(user, sorted);
        });
        return new UserHistories(byUser);
    }

    /** The user's latest at most {@code max} ratings with timestamp strictly below {@code time}, oldest first. */
    public List<Rating> before(int user, long time, int max) {
        Rating[] ratings = byUser.get(user);
        if (ratings == null) {
            return List.of();
        }
        int end = firstAtOrAfter(ratings, time);
        int start = Math.max(0, end - max);
        return Arrays.asList(ratings).subList(start, end);
    }

    private static int firstAtOrAfter(Rating[] ratings, long time) {
        int low = 0;
        int high = ratings.length;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (ratings[mid].timestamp() < time) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }
}
