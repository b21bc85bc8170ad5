package org.recllm.data.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recllm.data.testing.Fixtures;

/** The MovieLens "latest" CSV format, read from the hand-written fixture {@code fixtures/ml-latest}. */
class MovieLensLatestReaderTest {
    private final RatingDataset dataset = MovieLensLatest.read(Fixtures.resource(Fixtures.ML_LATEST));

    @Test
    void quotedTitlesKeepTheirCommasAndQuotes() {
        assertEquals(new Item(11, "American President, The (1995)", 1995, List.of("Comedy", "Drama", "Romance")),
                dataset.item(11));
        assertEquals("Café \"Lumière\" (2003)", dataset.item(180000).title());
        assertEquals(2003, dataset.item(180000).year());
    }

    @Test
    void yearComesFromTheLastParenthesesOfTheTitle() {
        assertEquals(1954, dataset.item(2019).year());
        assertEquals(2014, dataset.item(190000).year(), "an open range such as (2014–) gives its first year");
        assertNull(dataset.item(171495).year(), "a title without a year");
    }

    @Test
    void noGenresListedMeansNoGenres() {
        assertEquals(List.of(), dataset.item(149532).genres());
        assertNull(dataset.item(149532).firstGenre());
        assertEquals(7, dataset.items().size());
    }

    @Test
    void ratingsAreHalfStars() {
        assertEquals(List.of(new Rating(1, 1, 4f, 964982703L), new Rating(1, 11, 3.5f, 964981247L),
                new Rating(2, 2019, 0.5f, 1445714835L), new Rating(2, 149532, 5f, 1445714835L),
                new Rating(7, 171495, 2.5f, 1510577970L), new Rating(7, 180000, 4.5f, 1510578000L)), dataset.ratings());
        assertEquals(List.of(1, 0, 0, 1, 0, 1), dataset.ratings().stream().map(Rating::label).toList());
    }

    @Test
    void usersAreTheRatersWithoutDemographics() {
        assertEquals(List.of(1, 2, 7), dataset.users().keySet().stream().sorted().toList());
        assertEquals(User.anonymous(7), dataset.user(7));
        assertFalse(dataset.hasDemographics());
    }

    @Test
    void tagsMayHoldCommas() {
        assertEquals(List.of(new Tag(2, 2019, "samurai, classic", 1445714994L), new Tag(7, 11, "politics", 1510578100L)),
                dataset.tags());
    }

    @Test
    void linksKeepImdbLeadingZerosAndAllowAnEmptyTmdbId() {
        assertEquals(5, dataset.links().size());
        assertEquals(new ItemLinks(1, "0114709", 862), dataset.links().get(1));
        assertEquals(new ItemLinks(149532, "4034240", null), dataset.links().get(149532));
        assertNull(dataset.links().get(171495).tmdbId());
    }

    @Test
    void tagsAndLinksAreOptional(@TempDir Path tmp) {
        Path dir = Fixtures.copy(Fixtures.ML_LATEST, tmp);
        Fixtures.delete(dir.resolve("tags.csv"));
        Fixtures.delete(dir.resolve("links.csv"));
        RatingDataset bare = MovieLensLatest.read(dir);
        assertTrue(bare.tags().isEmpty());
        assertTrue(bare.links().isEmpty());
        assertEquals(dataset.ratings(), bare.ratings());
    }
}
