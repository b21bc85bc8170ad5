package org.recllm.data.dataset;

import static org.recllm.data.testing.BadInputAssertions.assertBadInput;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recllm.data.testing.Fixtures;

/**
 * Each test breaks one line of one file of a copy of {@code fixtures/ml-100k} and expects an error that names the
 * file, the line and the field.
 */
class MovieLens100kMalformedInputTest {
    @TempDir
    Path tmp;
    private Path dir;

    @BeforeEach
    void copyFixture() {
        dir = Fixtures.copy(Fixtures.ML_100K, tmp);
    }

    private void read() {
        MovieLens100k.read(dir);
    }

    @Test
    void missingFile() {
        Fixtures.delete(dir.resolve("u.user"));
        assertBadInput(this::read, dir.resolve("u.user"), 0, null, "file not found");
    }

    @Test
    void missingTestHalfOfTheSplit() {
        Fixtures.delete(dir.resolve("u1.test"));
        assertBadInput(this::read, dir.resolve("u1.test"), 0, null, "file not found");
    }

    @Test
    void notADirectory() {
        Path file = dir.resolve("u.data");
        assertBadInput(() -> MovieLens100k.read(file), file, 0, null, "not a directory");
    }

    @Test
    void ratingLineWithTooFewFields() {
        Fixtures.replaceLine(dir.resolve("u.data"), 3, "1\t4\t874965758");
        assertBadInput(this::read, dir.resolve("u.data"), 3, null, "expected 4 fields", "'\\t'", "found 3");
    }

    @Test
    void userLineWithTooManyFields() {
        Fixtures.replaceLine(dir.resolve("u.user"), 2, "2|53|F|other|94043|extra");
        assertBadInput(this::read, dir.resolve("u.user"), 2, null, "expected 5 fields", "'|'", "found more");
    }

    @Test
    void itemLineWithAMissingGenreFlag() {
        Fixtures.replaceLine(dir.resolve("u.item"), 4, "4|Heat (1995)|15-Dec-1995||http://x|0|1|0|0");
        assertBadInput(this::read, dir.resolve("u.item"), 4, null, "expected 10 fields", "found 9");
    }

    @Test
    void nonIntegerUserIdInRatings() {
        Fixtures.replaceLine(dir.resolve("u.data"), 5, "two\t1\t4\t888550871");
        assertBadInput(this::read, dir.resolve("u.data"), 5, "user id", "expected an integer, got 'two'");
    }

    @Test
    void nonIntegerMovieId() {
        Fixtures.replaceLine(dir.resolve("u.item"), 5, "5.0|Casablanca (1942)|01-Jan-1942||http://x|0|0|0|0|1");
        assertBadInput(this::read, dir.resolve("u.item"), 5, "movie id", "expected an integer, got '5.0'");
    }

    @Test
    void ratingAboveFiveStars() {
        Fixtures.replaceLine(dir.resolve("u.data"), 7, "2\t5\t6\t888552000");
        assertBadInput(this::read, dir.resolve("u.data"), 7, "rating", "rating 6 is out of range", "1 to 5");
    }

    @Test
    void ratingOfZeroStars() {
        Fixtures.replaceLine(dir.resolve("u.data"), 1, "1\t1\t0\t874965758");
        assertBadInput(this::read, dir.resolve("u.data"), 1, "rating", "rating 0 is out of range");
    }

    @Test
    void fractionalRatingInAWholeStarDataset() {
        Fixtures.replaceLine(dir.resolve("u.data"), 2, "1\t2\t3.5\t874965800");
        assertBadInput(this::read, dir.resolve("u.data"), 2, "rating", "expected an integer, got '3.5'");
    }

    @Test
    void negativeTimestamp() {
        Fixtures.replaceLine(dir.resolve("u.data"), 2, "1\t2\t3\t-5");
        assertBadInput(this::read, dir.resolve("u.data"), 2, "timestamp", "non-negative", "-5");
    }

    @Test
    void textTimestamp() {
        Fixtures.replaceLine(dir.resolve("u.data"), 2, "1\t2\t3\tyesterday");
        assertBadInput(this::read, dir.resolve("u.data"), 2, "timestamp", "Unix timestamp", "'yesterday'");
    }

    @Test
    void ratingByAnUnknownUser() {
        int line = Fixtures.appendLine(dir.resolve("u.data"), "99\t1\t4\t890000000");
        assertBadInput(this::read, dir.resolve("u.data"), line, "user id", "user 99 is not in u.user");
    }

    @Test
    void ratingOfAnUnknownItemInTheSplit() {
        int line = Fixtures.appendLine(dir.resolve("u1.base"), "1\t77\t4\t890000000");
        assertBadInput(this::read, dir.resolve("u1.base"), line, "item id", "item 77 is not in u.item");
    }

    @Test
    void duplicateUserId() {
        Fixtures.replaceLine(dir.resolve("u.user"), 4, "2|60|F|writer|02139");
        assertBadInput(this::read, dir.resolve("u.user"), 4, "user id", "user 2 appears twice");
    }

    @Test
    void duplicateMovieId() {
        Fixtures.replaceLine(dir.resolve("u.item"), 5, "1|Casablanca (1942)|01-Jan-1942||http://x|0|0|0|0|1");
        assertBadInput(this::read, dir.resolve("u.item"), 5, "movie id", "movie 1 appears twice");
    }

    @Test
    void releaseDateInTheWrongFormat() {
        Fixtures.replaceLine(dir.resolve("u.item"), 4, "4|Heat (1995)|1995-12-15||http://x|0|1|0|0|1");
        assertBadInput(this::read, dir.resolve("u.item"), 4, "release date",
                "expected a date like 01-Jan-1995, got '1995-12-15'");
    }

    @Test
    void releaseDateWithAnUnknownMonth() {
        Fixtures.replaceLine(dir.resolve("u.item"), 1, "1|Toy Story (1995)|01-Foo-1995||http://x|0|0|1|1|0");
        assertBadInput(this::read, dir.resolve("u.item"), 1, "release date", "'01-Foo-1995'");
    }

    @Test
    void genreFlagThatIsNotZeroOrOne() {
        Fixtures.replaceLine(dir.resolve("u.item"), 1, "1|Toy Story (1995)|01-Jan-1995||http://x|0|0|2|1|0");
        assertBadInput(this::read, dir.resolve("u.item"), 1, "genre Animation", "expected 0 or 1, got '2'");
    }

    @Test
    void genreIdsOutOfSequence() {
        Fixtures.replaceLine(dir.resolve("u.genre"), 3, "Animation|7");
        assertBadInput(this::read, dir.resolve("u.genre"), 3, "genre id", "expected genre id 2", "got 7");
    }

    @Test
    void genderOtherThanMOrF() {
        Fixtures.replaceLine(dir.resolve("u.user"), 1, "1|24|X|technician|85711");
        assertBadInput(this::read, dir.resolve("u.user"), 1, "gender", "expected M or F, got 'X'");
    }

    @Test
    void ageOutOfRange() {
        Fixtures.replaceLine(dir.resolve("u.user"), 3, "3|0|M|student|T8H1N");
        assertBadInput(this::read, dir.resolve("u.user"), 3, "age", "age 0 is out of range");
    }

    @Test
    void utf16FileIsRejectedForItsNulBytes() {
        Fixtures.convertToUtf16(dir.resolve("u.data"), true);
        assertBadInput(this::read, dir.resolve("u.data"), 1, null, "NUL byte", "UTF-16");
    }

    @Test
    void utf8ByteOrderMarkIsRejected() {
        Fixtures.replaceLine(dir.resolve("u.user"), 1, "\u00EF\u00BB\u00BF1|24|M|technician|85711");
        assertBadInput(this::read, dir.resolve("u.user"), 1, null, "byte-order mark");
    }
}
