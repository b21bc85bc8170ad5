package org.recllm.data.dataset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recllm.data.testing.Fixtures;

/** MovieLens-100K as GroupLens ships it, read from the hand-written fixture {@code fixtures/ml-100k}. */
class MovieLens100kReaderTest {
    private final RatingDataset dataset = MovieLens100k.read(Fixtures.resource(Fixtures.ML_100K));

    @Test
    void readsUsersWithTheirDemographics() {
        assertEquals(4, dataset.users().size());
        assertEquals(new User(1, "M", 24, "technician", "85711"), dataset.user(1));
        assertEquals(new User(3, "M", 17, "student", "T8H1N"), dataset.user(3));
        assertTrue(dataset.hasDemographics());
    }

    @Test
    void readsItemsWithYearAndGenresFromTheFlagColumns() {
        assertEquals(5, dataset.items().size());
        assertEquals(new Item(1, "Toy Story (1995)", 1995, List.of("Animation", "Comedy")), dataset.item(1));
        assertEquals(new Item(4, "Heat (1995)", 1995, List.of("Action", "Drama")), dataset.item(4));
        assertEquals(1942, dataset.item(5).year());
        assertEquals("Action", dataset.item(4).firstGenre());
    }

    @Test
    void decodesTitlesAsIso88591() throws Exception {
        byte[] raw = Files.readAllBytes(Fixtures.resource(Fixtures.ML_100K).resolve("u.item"));
        assertTrue(indexOf(raw, (byte) 0xE9) >= 0, "the fixture must hold the Latin-1 byte 0xE9 for é");
        assertEquals("Misérables, Les (1995)", dataset.item(2).title());
    }

    @Test
    void emptyReleaseDateGivesNoYear() {
        Item unknown = dataset.item(3);
        assertNull(unknown.year());
        assertEquals(List.of("unknown"), unknown.genres());
        assertEquals("unknown. Genres: unknown. Released unknown.", unknown.describe());
    }

    @Test
    void readsEveryRatingInFileOrder() {
        List<Rating> ratings = dataset.ratings();
        assertEquals(12, ratings.size());
        assertEquals(new Rating(1, 1, 5f, 874965758L), ratings.getFirst());
        assertEquals(new Rating(4, 4, 5f, 892004000L), ratings.getLast());
        assertArrayEquals(new int[] {1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 0, 1},
                ratings.stream().mapToInt(Rating::label).toArray());
    }

    @Test
    void readsTheOfficialU1Split() {
        TrainTestSplit u1 = dataset.officialSplit().orElseThrow();
        assertEquals("u1", u1.name());
        assertEquals(9, u1.base().size());
        assertEquals(List.of(new Rating(1, 2, 3f, 874965800L), new Rating(2, 5, 5f, 888552000L),
                new Rating(3, 5, 3f, 889238000L)), u1.test());
    }

    @Test
    void withoutSplitFilesTheOfficialSplitIsAbsent(@TempDir Path tmp) {
        Path dir = Fixtures.copy(Fixtures.ML_100K, tmp);
        Fixtures.delete(dir.resolve("u1.base"));
        Fixtures.delete(dir.resolve("u1.test"));
        RatingDataset withoutSplit = MovieLens100k.read(dir);
        assertFalse(withoutSplit.officialSplit().isPresent());
        assertEquals(12, withoutSplit.ratings().size());
    }

    @Test
    void blankLinesAndCrlfLineEndsAreAccepted(@TempDir Path tmp) throws Exception {
        Path dir = Fixtures.copy(Fixtures.ML_100K, tmp);
        Path data = dir.resolve("u.data");
        Files.writeString(data, Files.readString(data).replace("\n", "\r\n") + "\r\n\r\n");
        assertEquals(dataset.ratings(), MovieLens100k.read(dir).ratings());
    }

    @Test
    void isReachableByItsRegistryName() {
        assertEquals(dataset, Datasets.read("ml-100k", Fixtures.resource(Fixtures.ML_100K)));
        assertEquals(List.of("log", "ml-100k", "ml-1m", "ml-latest"), Datasets.names());
    }

    private static int indexOf(byte[] bytes, byte value) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == value) {
                return i;
            }
        }
        return -1;
    }
}
