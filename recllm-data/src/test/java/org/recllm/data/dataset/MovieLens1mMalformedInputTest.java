package org.recllm.data.dataset;

import static org.recllm.data.testing.BadInputAssertions.assertBadInput;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recllm.data.testing.Fixtures;

/** Broken copies of {@code fixtures/ml-1m}: each error names the file, the line and the field. */
class MovieLens1mMalformedInputTest {
    @TempDir
    Path tmp;
    private Path dir;

    @BeforeEach
    void copyFixture() {
        dir = Fixtures.copy(Fixtures.ML_1M, tmp);
    }

    private void read() {
        MovieLens1m.read(dir);
    }

    @Test
    void missingRatingsFile() {
        Fixtures.delete(dir.resolve("ratings.dat"));
        assertBadInput(this::read, dir.resolve("ratings.dat"), 0, null, "file not found");
    }

    @Test
    void ageThatIsNotOneOfThePublishedGroups() {
        Fixtures.replaceLine(dir.resolve("users.dat"), 2, "2::M::30::16::70072");
        assertBadInput(this::read, dir.resolve("users.dat"), 2, "Age", "age groups", "got 30");
    }

    @Test
    void occupationCodeBeyondTwenty() {
        Fixtures.replaceLine(dir.resolve("users.dat"), 3, "3::M::25::21::55117");
        assertBadInput(this::read, dir.resolve("users.dat"), 3, "Occupation", "from 0 to 20, got 21");
    }

    @Test
    void singleColonSeparatorsAreTheWrongFieldCount() {
        Fixtures.replaceLine(dir.resolve("ratings.dat"), 2, "1:3:3:978302109");
        assertBadInput(this::read, dir.resolve("ratings.dat"), 2, null, "expected 4 fields separated by '::'", "found 1");
    }

    @Test
    void extraFieldInMovies() {
        Fixtures.replaceLine(dir.resolve("movies.dat"), 2, "2::Jumanji (1995)::Adventure::1995");
        assertBadInput(this::read, dir.resolve("movies.dat"), 2, null, "expected 3 fields", "found more");
    }

    @Test
    void ratingOfSixStars() {
        Fixtures.replaceLine(dir.resolve("ratings.dat"), 4, "2::1::6::978299000");
        assertBadInput(this::read, dir.resolve("ratings.dat"), 4, "Rating", "rating 6 is out of range");
    }

    @Test
    void ratingOfAnUnknownMovie() {
        int line = Fixtures.appendLine(dir.resolve("ratings.dat"), "3::3952::4::978297100");
        assertBadInput(this::read, dir.resolve("ratings.dat"), line, "MovieID", "movie 3952 is not in movies.dat");
    }

    @Test
    void ratingByAnUnknownUser() {
        int line = Fixtures.appendLine(dir.resolve("ratings.dat"), "6040::1::4::978297100");
        assertBadInput(this::read, dir.resolve("ratings.dat"), line, "UserID", "user 6040 is not in users.dat");
    }

    @Test
    void duplicateUserId() {
        int line = Fixtures.appendLine(dir.resolve("users.dat"), "1::M::18::4::10001");
        assertBadInput(this::read, dir.resolve("users.dat"), line, "UserID", "user 1 appears twice");
    }

    @Test
    void nonIntegerMovieId() {
        Fixtures.replaceLine(dir.resolve("movies.dat"), 1, "M1::Toy Story (1995)::Animation");
        assertBadInput(this::read, dir.resolve("movies.dat"), 1, "MovieID", "expected an integer, got 'M1'");
    }

    @Test
    void utf16UsersFile() {
        Fixtures.convertToUtf16(dir.resolve("users.dat"), false);
        assertBadInput(this::read, dir.resolve("users.dat"), 1, null, "NUL byte");
    }
}
