package org.recllm.data.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.recllm.data.testing.BadInputAssertions.assertBadInput;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recllm.data.testing.Fixtures;

/** Cases of the hostile-user fault run against the MovieLens rating files: each fails fast with file and line named. */
class RatingFileHardeningTest {
    @TempDir
    Path tmp;

    private Path ml100k() {
        return Fixtures.copy(Fixtures.ML_100K, tmp);
    }

    @Test
    void aTwoGigabyteU1BaseOfNulBytesFailsAtOnce() throws IOException {
        Path dir = ml100k();
        Path base = dir.resolve("u1.base");
        try (RandomAccessFile file = new RandomAccessFile(base.toFile(), "rw")) {
            file.setLength(0);
            file.setLength(2L << 30);
        }
        assertTimeoutPreemptively(Duration.ofSeconds(3),
                () -> assertBadInput(() -> MovieLens100k.read(dir), base, 1, null, "NUL byte"));
    }

    @Test
    void aFieldLongerThanAnyRealValueIsNamed() {
        Path dir = ml100k();
        Fixtures.replaceLine(dir.resolve("u.item"), 2, "2|" + "T".repeat(DelimitedFields.MAX_FIELD_CHARS + 1)
                + "|01-Jan-1995||http://x|0|0|0|0|1");
        assertBadInput(() -> MovieLens100k.read(dir), dir.resolve("u.item"), 2, "movie title", "longer than 8192");
    }

    @Test
    void anEmptyRatingsFileIsAnError() {
        Path dir = ml100k();
        Fixtures.writeLines(dir.resolve("u.data"), List.of());
        assertBadInput(() -> MovieLens100k.read(dir), dir.resolve("u.data"), 0, null, "holds no ratings");
    }

    @Test
    void anEmptyU1BaseIsAnError() {
        Path dir = ml100k();
        Fixtures.writeLines(dir.resolve("u1.base"), List.of("", "  "));
        assertBadInput(() -> MovieLens100k.read(dir), dir.resolve("u1.base"), 0, null, "holds no ratings");
    }

    @Test
    void aRepeatedRowNamesBothLines() {
        Path dir = ml100k();
        int line = Fixtures.appendLine(dir.resolve("u1.base"), "1\t4\t4\t875071561");
        var e = (DuplicateRatingException) assertBadInput(() -> MovieLens100k.read(dir), dir.resolve("u1.base"), line,
                null, "repeats line 2", "user 1 rated item 4 at 875071561 twice");
        assertEquals(2, e.firstLine());
    }

    @Test
    void aConflictingRatingNamesBothLinesAndBothValues() {
        Path dir = ml100k();
        int line = Fixtures.appendLine(dir.resolve("u.data"), "1\t2\t5\t874965800");
        assertBadInput(() -> MovieLens100k.read(dir), dir.resolve("u.data"), line, null,
                "conflicts with line 2", "user 1 rated item 2 at 874965800 3 there and 5 here");
    }

    @Test
    void keepLastKeepsTheLaterRowInPlaceOfTheEarlierOne() {
        Path dir = ml100k();
        List<Rating> original = MovieLens100k.read(dir).ratings();
        Fixtures.appendLine(dir.resolve("u.data"), "1\t2\t5\t874965800");
        List<Rating> ratings = MovieLens100k.read(dir, Duplicates.KEEP_LAST).ratings();
        assertEquals(original.size(), ratings.size());
        assertEquals(new Rating(1, 2, 5f, 874965800L), ratings.getLast());
        assertEquals(0, ratings.stream().filter(r -> r.equals(new Rating(1, 2, 3f, 874965800L))).count());
    }

    @Test
    void theSamePairAtAnotherTimeIsNotADuplicate() {
        Path dir = ml100k();
        Fixtures.appendLine(dir.resolve("u.data"), "1\t2\t4\t874965801");
        assertEquals(13, MovieLens100k.read(dir).ratings().size());
    }

    @Test
    void duplicatesAreFoundInMl1mAndMlLatestToo() {
        Path ml1m = Fixtures.copy(Fixtures.ML_1M, tmp);
        int line = Fixtures.appendLine(ml1m.resolve("ratings.dat"), "1::3::4::978302109");
        assertBadInput(() -> MovieLens1m.read(ml1m), ml1m.resolve("ratings.dat"), line, null, "conflicts with line 2");
        Path latest = Fixtures.copy(Fixtures.ML_LATEST, tmp);
        int row = Fixtures.appendLine(latest.resolve("ratings.csv"), "1,11,3.5,964981247");
        assertBadInput(() -> MovieLensLatest.read(latest), latest.resolve("ratings.csv"), row, null, "repeats line 3");
        assertEquals(Duplicates.KEEP_LAST, Duplicates.parse("keep-last").orElseThrow());
        assertThrows(java.util.NoSuchElementException.class, () -> Duplicates.parse("first").orElseThrow());
    }
}
