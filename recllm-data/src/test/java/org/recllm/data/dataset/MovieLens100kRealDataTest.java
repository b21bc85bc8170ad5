package org.recllm.data.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.recllm.data.testing.RealMl100k;

/** The real ML-100K in {@code ../shared/data/ml-100k} has the sizes GroupLens documents. */
class MovieLens100kRealDataTest {
    private final RatingDataset dataset = RealMl100k.dataset();

    @Test
    void hasTheDocumentedNumbersOfUsersItemsAndRatings() {
        assertEquals(943, dataset.users().size());
        assertEquals(1682, dataset.items().size());
        assertEquals(100_000, dataset.ratings().size());
    }

    @Test
    void u1SplitsAllRatingsIntoEightyAndTwentyThousand() {
        TrainTestSplit u1 = dataset.officialSplit().orElseThrow();
        assertEquals(80_000, u1.base().size());
        assertEquals(20_000, u1.test().size());
        Set<Rating> union = new HashSet<>(u1.base());
        union.addAll(u1.test());
        assertEquals(new HashSet<>(dataset.ratings()), union);
    }

    @Test
    void knownRowsDecodeAsGroupLensWroteThem() {
        assertEquals(new Item(1, "Toy Story (1995)", 1995, List.of("Animation", "Children's", "Comedy")), dataset.item(1));
        assertEquals(new User(1, "M", 24, "technician", "85711"), dataset.user(1));
        assertEquals(new Rating(196, 242, 3f, 881250949L), dataset.ratings().getFirst());
        assertNull(dataset.item(267).year(), "item 267 has an empty release date");
        assertEquals(19, dataset.items().values().stream().flatMap(i -> i.genres().stream()).distinct().count());
    }
}
