package org.recllm.data.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.recllm.data.testing.BadInputAssertions.assertBadInput;
import static org.recllm.data.testing.SyntheticDatasets.rating;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.recllm.data.dataset.Rating;
import org.recllm.data.testing.SyntheticDatasets;

/** The ML100K-U1 profile-source rule and validation size on small hand-made users. */
class ProfileSourcesTest {
    private final Ml100kU1Protocol protocol = new Ml100kU1Protocol();

    @Test
    void ratingsTiedWithTheFifthLatestPositiveAreAllSources() {
        // positives at 10, 30, 30, 30, 40, 50, 60: the 5th-latest is at 30, so all three at 30 count: 6 sources
        List<Rating> base = List.of(rating(1, 1, 5, 10), rating(1, 2, 4, 30), rating(1, 3, 4, 30), rating(1, 4, 5, 30),
                rating(1, 5, 4, 40), rating(1, 6, 4, 50), rating(1, 7, 5, 60));
        SplitPlan plan = protocol.split(SyntheticDatasets.withU1Split(base, List.of()));
        assertEquals(Set.copyOf(base.subList(1, 7)), Set.copyOf(plan.profileSources()));
        assertEquals(List.of(), plan.validation(), "one eligible rating is left; n = 1 gives no validation");
        assertEquals(Set.copyOf(base), Set.copyOf(plan.train()));
    }

    @Test
    void positivesAndNegativesCountSeparatelyAndThreeStarsNeverCount() {
        List<Rating> base = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            base.add(rating(2, 100 + i, 1 + (i % 2), 1000 + i)); // negatives at 1000..1006: latest five are sources
        }
        base.add(rating(2, 200, 4, 5)); // the only positive: a source however old
        for (int i = 0; i < 12; i++) {
            base.add(rating(2, 300 + i, 3, 2000 + i)); // never sources
        }
        SplitPlan plan = protocol.split(SyntheticDatasets.withU1Split(base, List.of()));
        Set<Rating> expected = new HashSet<>(base.subList(2, 8));
        assertEquals(expected, Set.copyOf(plan.profileSources()));
        assertEquals(6, plan.profileSources().size());
        // n = 20 - 6 = 14 eligible: ⌊1.4⌋ = 1 in validation, never a source
        assertEquals(1, plan.validation().size());
        assertTrue(!expected.contains(plan.validation().getFirst()));
        assertEquals(19, plan.train().size());
    }

    @Test
    void validationSizeFollowsTheFloorWithAtLeastOneFromTwoEligible() {
        assertEquals(0, validationSize(1));
        assertEquals(1, validationSize(2));
        assertEquals(1, validationSize(19));
        assertEquals(2, validationSize(20));
        assertEquals(3, validationSize(39));
    }

    @Test
    void datasetsWithoutTheU1SplitAreRefused() {
        var dataset = SyntheticDatasets.withoutSplit(List.of(rating(1, 1, 4, 1)));
        assertBadInput(() -> protocol.split(dataset), Path.of("synthetic", "u1.base"), 0, null,
                "needs ML-100K's official split", "use the time protocol");
    }

    /** A user with {@code eligible} three-star ratings (never profile sources). */
    private int validationSize(int eligible) {
        List<Rating> base = new ArrayList<>();
        for (int i = 0; i < eligible; i++) {
            base.add(rating(9, i + 1, 3, 100 + i));
        }
        return protocol.split(SyntheticDatasets.withU1Split(base, List.of())).validation().size();
    }
}
