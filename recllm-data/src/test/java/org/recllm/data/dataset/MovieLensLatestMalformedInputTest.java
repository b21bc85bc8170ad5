package org.recllm.data.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.recllm.data.testing.BadInputAssertions.assertBadInput;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recllm.core.io.BadInputException;
import org.recllm.data.testing.Fixtures;

/**
 * Broken copies of {@code fixtures/ml-latest}: each error names the file, the line (the header is line 1) and the
 * column.
 */
class MovieLensLatestMalformedInputTest {
    @TempDir
    Path tmp;
    private Path dir;

    @BeforeEach
    void copyFixture() {
        dir = Fixtures.copy(Fixtures.ML_LATEST, tmp);
    }

    private void read() {
        MovieLensLatest.read(dir);
    }

    private Path ratings() {
        return dir.resolve("ratings.csv");
    }

    @Test
    void missingRatingsFile() {
        Fixtures.delete(ratings());
        assertBadInput(this::read, ratings(), 0, null, "file not found");
    }

    @Test
    void ratingThatIsNotAHalfStar() {
        Fixtures.replaceLine(ratings(), 3, "1,11,3.3,964981247");
        assertBadInput(this::read, ratings(), 3, "rating", "rating 3.3 is out of range", "half stars");
    }

    @Test
    void ratingOfZero() {
        Fixtures.replaceLine(ratings(), 4, "2,2019,0,1445714835");
        assertBadInput(this::read, ratings(), 4, "rating", "rating 0.0 is out of range");
    }

    @Test
    void ratingOfSix() {
        Fixtures.replaceLine(ratings(), 2, "1,1,6.0,964982703");
        assertBadInput(this::read, ratings(), 2, "rating", "rating 6.0 is out of range");
    }

    @Test
    void ratingThatIsNoNumber() {
        Fixtures.replaceLine(ratings(), 2, "1,1,NaN,964982703");
        assertBadInput(this::read, ratings(), 2, "rating", "expected a finite number, got 'NaN'");
    }

    @Test
    void nonIntegerUserId() {
        Fixtures.replaceLine(ratings(), 5, "u2,149532,5.0,1445714835");
        assertBadInput(this::read, ratings(), 5, "userId", "expected an integer, got 'u2'");
    }

    @Test
    void ratingOfAMovieNotInMovies() {
        int line = Fixtures.appendLine(ratings(), "7,999,4.0,1510578001");
        assertBadInput(this::read, ratings(), line, "movieId", "movie 999 is not in movies.csv");
    }

    @Test
    void tagOfAMovieNotInMovies() {
        int line = Fixtures.appendLine(dir.resolve("tags.csv"), "7,999,funny,1510578001");
        assertBadInput(this::read, dir.resolve("tags.csv"), line, "movieId", "movie 999 is not in movies.csv");
    }

    @Test
    void nonIntegerTmdbId() {
        Fixtures.replaceLine(dir.resolve("links.csv"), 3, "11,0112346,tt9087");
        assertBadInput(this::read, dir.resolve("links.csv"), 3, "tmdbId", "expected an integer, got 'tt9087'");
    }

    @Test
    void duplicateMovieId() {
        int line = Fixtures.appendLine(dir.resolve("movies.csv"), "11,Another President (1996),Drama");
        assertBadInput(this::read, dir.resolve("movies.csv"), line, "movieId", "movie 11 appears twice");
    }

    @Test
    void unquotedTitleWithACommaIsTheWrongFieldCount() {
        Fixtures.replaceLine(dir.resolve("movies.csv"), 3, "11,American President, The (1995),Comedy|Drama|Romance");
        assertBadInput(this::read, dir.resolve("movies.csv"), 3, null, "expected 3 fields as in the header, found 4");
    }

    @Test
    void headerWithoutARequiredColumn() {
        Fixtures.replaceLine(ratings(), 1, "userId,movieId,stars,timestamp");
        assertBadInput(this::read, ratings(), 1, "rating", "missing column");
    }

    @Test
    void negativeTimestamp() {
        Fixtures.replaceLine(ratings(), 2, "1,1,4.0,-1");
        assertBadInput(this::read, ratings(), 2, "timestamp", "non-negative", "-1");
    }

    @Test
    void utf16RatingsFileIsRejectedForItsNulBytes() {
        Fixtures.convertToUtf16(ratings(), false);
        assertBadInput(this::read, ratings(), 1, null, "NUL byte", "UTF-16");
    }

    @Test
    void utf16MoviesFileWithByteOrderMarkIsRejectedAsUtf16() {
        Fixtures.convertToUtf16(dir.resolve("movies.csv"), true);
        assertBadInput(this::read, dir.resolve("movies.csv"), 1, null, "NUL byte", "expected UTF-8 text", "UTF-16");
    }

    /**
     * The file and the problem are named; the line is not asserted: recllm-core's strict decoder reports a
     * malformed byte when its read-ahead buffer is decoded, at the line being read then, not the byte's own line.
     */
    @Test
    void bytesThatAreNotUtf8() {
        Fixtures.replaceLine(dir.resolve("movies.csv"), 2, "1,Toy Story \u00E9 (1995),Animation");
        BadInputException e = assertThrows(BadInputException.class, this::read);
        assertEquals(dir.resolve("movies.csv").toString(), e.source());
        assertTrue(e.getMessage().startsWith(dir.resolve("movies.csv") + ":"), e.getMessage());
        assertTrue(e.getMessage().contains("bytes that are not valid UTF-8"), e.getMessage());
    }
}
