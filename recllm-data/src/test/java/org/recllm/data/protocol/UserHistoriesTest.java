package org.recllm.data.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.recllm.data.testing.SyntheticDatasets.rating;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.recllm.data.dataset.Rating;

/** "The user's latest at most n ratings strictly before t, oldest first, ties by item id." */
class UserHistoriesTest {
    @Test
    void excludesTheSampleItsTimestampAndLaterAndOrdersTiesByItem() {
        List<Rating> pool = List.of(rating(1, 9, 4, 100), rating(1, 3, 2, 100), rating(1, 5, 5, 50),
                rating(1, 7, 1, 200), rating(2, 1, 4, 10), rating(1, 4, 3, 150));
        UserHistories histories = UserHistories.of(pool);
        assertEquals(List.of(rating(1, 5, 5, 50), rating(1, 3, 2, 100), rating(1, 9, 4, 100)),
                histories.before(1, 150, 20), "the rating at 150 itself and the later one at 200 are left out");
        assertEquals(List.of(rating(1, 9, 4, 100), rating(1, 4, 3, 150)), histories.before(1, 151, 2),
                "the latest two, oldest first");
        assertEquals(List.of(), histories.before(1, 50, 20));
        assertEquals(List.of(), histories.before(3, 1_000, 20), "a user without ratings in the pool");
        assertEquals(List.of(rating(2, 1, 4, 10)), histories.before(2, 11, 20));
    }

    @Property(tries = 300)
    void agreesWithBruteForce(@ForAll("pools") List<Rating> pool, @ForAll @IntRange(min = 1, max = 3) int user,
                              @ForAll @IntRange(min = 0, max = 25) int time, @ForAll @IntRange(min = 1, max = 8) int max) {
        assertEquals(bruteForce(pool, user, time, max), UserHistories.of(pool).before(user, time, max));
    }

    @Provide
    Arbitrary<List<Rating>> pools() {
        Arbitrary<Rating> ratings = Combinators.combine(Arbitraries.integers().between(1, 3),
                Arbitraries.integers().between(1, 40), Arbitraries.integers().between(1, 5),
                Arbitraries.longs().between(0, 24)).as((u, i, v, t) -> rating(u, i, v, t));
        return ratings.list().ofMaxSize(40).uniqueElements(r -> List.of(r.userId(), r.itemId()));
    }

    /** Sorts the user's ratings before {@code time} by (timestamp, item) with a plain selection and takes the tail. */
    private static List<Rating> bruteForce(List<Rating> pool, int user, long time, int max) {
        List<Rating> earlier = new ArrayList<>();
        for (Rating r : pool) {
            if (r.userId() == user && r.timestamp() < time) {
                earlier.add(r);
            }
        }
        List<Rating> ordered = new ArrayList<>();
        while (!earlier.isEmpty()) {
            Rating first = earlier.getFirst();
            for (Rating r : earlier) {
                if (r.timestamp() < first.timestamp() || (r.timestamp() == first.timestamp() && r.itemId() < first.itemId())) {
                    first = r;
                }
            }
            earlier.remove(first);
            ordered.add(first);
        }
        return ordered.subList(Math.max(0, ordered.size() - max), ordered.size());
    }
}
