package org.recllm.data.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.recllm.data.testing.Fixtures;

/** MovieLens-1M's "::"-separated files, read from the hand-written fixture {@code fixtures/ml-1m}. */
class MovieLens1mReaderTest {
    private final RatingDataset dataset = MovieLens1m.read(Fixtures.resource(Fixtures.ML_1M));

    @Test
    void usersCarryTheirAgeGroupAndTheNameOfTheirOccupationCode() {
        assertEquals(3, dataset.users().size());
        assertEquals(new User(1, "F", 1, "K-12 student", "48067"), dataset.user(1));
        assertEquals(new User(2, "M", 56, "self-employed", "70072"), dataset.user(2));
        assertEquals(new User(3, "M", 25, "scientist", "55117"), dataset.user(3));
        assertTrue(dataset.hasDemographics());
    }

    @Test
    void moviesTakeTheirYearFromTheTitleAndGenresFromThePipeList() {
        assertEquals(new Item(1, "Toy Story (1995)", 1995, List.of("Animation", "Children's", "Comedy")), dataset.item(1));
        assertEquals(new Item(3, "Misérables, Les (1995)", 1995, List.of("Drama", "Musical")), dataset.item(3));
    }

    @Test
    void ratingsAreWholeStarsWithTimestamps() {
        assertEquals(List.of(new Rating(1, 1, 5f, 978300760L), new Rating(1, 3, 3f, 978302109L),
                new Rating(2, 2, 1f, 978298413L), new Rating(2, 1, 4f, 978299000L), new Rating(3, 3, 2f, 978297039L)),
                dataset.ratings());
        assertFalse(dataset.officialSplit().isPresent());
        assertEquals("ml-1m", dataset.name());
    }
}
