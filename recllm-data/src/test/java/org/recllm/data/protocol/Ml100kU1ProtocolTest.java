package org.recllm.data.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.recllm.data.dataset.Rating;
import org.recllm.data.dataset.TrainTestSplit;
import org.recllm.data.testing.RealMl100k;

/**
 * ML100K-U1 on the real ML-100K, checked against the rules of {@code shared/BENCHMARK.md} recomputed here
 * independently of the protocol's code.
 */
class Ml100kU1ProtocolTest {
    private final TrainTestSplit u1 = RealMl100k.dataset().officialSplit().orElseThrow();
    private final SplitPlan plan = RealMl100k.u1Plan();

    @Test
    void trainAndValidationPartitionU1BaseAndTestIsU1Test() {
        assertEquals(80_000, plan.train().size() + plan.validation().size());
        assertEquals(20_000, plan.test().size());
        Set<Rating> train = new HashSet<>(plan.train());
        Set<Rating> union = new HashSet<>(train);
        union.addAll(plan.validation());
        assertEquals(80_000, union.size(), "train and validation overlap");
        assertEquals(new HashSet<>(u1.base()), union);
        assertEquals(new HashSet<>(u1.test()), new HashSet<>(plan.test()));
        assertEquals(u1.base(), plan.historyPool());
    }

    @Test
    void profileSourcesAreExactlyTheBenchmarkRuleAndAllInTraining() {
        Set<Rating> expected = new HashSet<>();
        byUser(u1.base()).values().forEach(ratings -> expected.addAll(profileSourcesByCounting(ratings)));
        assertEquals(expected, new HashSet<>(plan.profileSources()));
        assertEquals(expected.size(), plan.profileSources().size(), "a profile source is listed twice");
        assertTrue(new HashSet<>(plan.train()).containsAll(expected));
        assertTrue(expected.size() > 943 * 5, "ML-100K users have at least 20 ratings: " + expected.size());
    }

    @Test
    void eachUserHasTenPercentOfTheEligibleRatingsInValidation() {
        Set<Rating> sources = new HashSet<>(plan.profileSources());
        Map<Integer, Long> validationPerUser = plan.validation().stream()
                .collect(Collectors.groupingBy(Rating::userId, Collectors.counting()));
        int usersChecked = 0;
        for (var entry : byUser(u1.base()).entrySet()) {
            long n = entry.getValue().stream().filter(r -> !sources.contains(r)).count();
            long expected = n >= 2 ? Math.max(1, n / 10) : 0;
            assertEquals(expected, validationPerUser.getOrDefault(entry.getKey(), 0L), "user " + entry.getKey() + ", n = " + n);
            usersChecked++;
        }
        assertEquals(943, usersChecked);
        assertTrue(plan.validation().size() > 6_000 && plan.validation().size() < 8_000, "validation: " + plan.validation().size());
    }

    @Test
    void theSplitIsDeterministic() {
        SplitPlan again = new Ml100kU1Protocol().split(RealMl100k.dataset());
        assertEquals(plan.validation(), again.validation());
        assertEquals(plan.train(), again.train());
    }

    @Test
    void validationIsTheDocumentedSeededDraw() {
        Random random = new Random(2026);
        Set<Rating> sources = new HashSet<>(plan.profileSources());
        Set<Rating> expected = new HashSet<>();
        for (List<Rating> ratings : byUser(u1.base()).values()) {
            List<Rating> eligible = new ArrayList<>(ratings.stream().filter(Predicate.not(sources::contains))
                    .sorted(Protocol.BY_TIME_THEN_ITEM).toList());
            int n = eligible.size();
            int k = n >= 2 ? Math.max(1, n / 10) : 0;
            for (int i = 0; i < k; i++) {
                Collections.swap(eligible, i, i + random.nextInt(n - i));
            }
            expected.addAll(eligible.subList(0, k));
        }
        assertEquals(expected, new HashSet<>(plan.validation()));
    }

    @Test
    void splitsAreInChronologicalOrder() {
        for (List<Rating> split : List.of(plan.train(), plan.validation(), plan.test())) {
            for (int i = 1; i < split.size(); i++) {
                assertTrue(Protocol.BY_TIME_THEN_ITEM.compare(split.get(i - 1), split.get(i)) <= 0, "row " + i);
            }
        }
    }

    /**
     * The rule stated as a count: a rating ≥ 4 is a source when fewer than 5 of the user's ratings ≥ 4 are strictly
     * later (which is "at or after the 5th-latest one's timestamp", ties included); likewise for ratings ≤ 2.
     */
    static List<Rating> profileSourcesByCounting(List<Rating> userRatings) {
        List<Rating> sources = new ArrayList<>();
        for (Predicate<Rating> polarity : List.<Predicate<Rating>>of(r -> r.value() >= 4, r -> r.value() <= 2)) {
            List<Rating> same = userRatings.stream().filter(polarity).toList();
            for (Rating r : same) {
                long later = same.stream().filter(o -> o.timestamp() > r.timestamp()).count();
                if (later < 5) {
                    sources.add(r);
                }
            }
        }
        return sources;
    }

    static Map<Integer, List<Rating>> byUser(List<Rating> ratings) {
        return ratings.stream().collect(Collectors.groupingBy(Rating::userId, TreeMap::new, Collectors.toList()));
    }
}
