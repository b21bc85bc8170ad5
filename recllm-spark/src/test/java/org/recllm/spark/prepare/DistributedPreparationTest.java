package org.recllm.spark.prepare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.recllm.core.io.BadInputException;
import org.recllm.core.testing.SharedData;
import org.recllm.data.dataset.Datasets;
import org.recllm.data.dataset.Duplicates;
import org.recllm.data.dataset.RatingDataset;
import org.recllm.data.protocol.Protocols;
import org.recllm.data.samples.MovieLensFeatures;
import org.recllm.data.samples.SampleEncoder;
import org.recllm.data.store.SampleStore;
import org.recllm.data.store.SampleStoreWriter;
import org.recllm.spark.LocalSpark;

/**
 * {@code spark prepare} in local mode gives exactly the samples of {@code data prepare} on ML-100K
 * ({@link SameSamples}); bad lines and repeated ratings are refused as the local reader refuses them.
 */
class DistributedPreparationTest extends LocalSpark {

    @TempDir
    Path dir;

    private static DistributedPreparation preparation() {
        return new DistributedPreparation(session, 3, QUIET);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ml100k-u1", "time"})
    void theSamplesAreThoseOfTheLocalPath(String protocol) {
        Path data = SharedData.ml100k();
        RatingDataset dataset = Datasets.read("ml-100k", data);
        Path local = dir.resolve("local");
        SampleStoreWriter.write(local, new SampleEncoder(dataset, MovieLensFeatures.of(dataset, 20))
                .encode(Protocols.byName(protocol).split(dataset)));
        Path distributed = dir.resolve("spark");
        preparation().prepare("ml-100k", data, Duplicates.ERROR, protocol, 20, distributed);

        SameSamples.assertSameSamples(local, distributed);
        try (SampleStore expected = SampleStore.openVerified(local); SampleStore actual = SampleStore.openVerified(distributed)) {
            assertEquals(expected.info().source(), actual.info().source());
            assertEquals(protocol, actual.info().protocol());
        }
    }

    @Test
    void badLinesAndRepeatedRatingsAreRefusedNamingTheLines() throws IOException {
        Path data = tinyCopy("1\t1\t5\t881250949\n\n2\t1\t3\t891717742\n1\t1\t5\t881250949\n");
        var repeated = assertThrows(BadInputException.class, () -> preparation().prepare("ml-100k", data, Duplicates.ERROR, "time", 5, dir.resolve("out")));
        assertEquals(data.resolve("u.data") + ":4: repeats line 1: user 1 rated item 1 at 881250949 twice",
                repeated.getMessage());

        Path bad = tinyCopy("1\t1\t5\t881250949\n2\t1\tsix\t891717742\n");
        var error = assertThrows(BadInputException.class, () -> preparation().prepare("ml-100k", bad, Duplicates.ERROR, "time", 5, dir.resolve("out2")));
        assertTrue(error.getMessage().startsWith(bad.resolve("u.data") + ":2: field 'rating'"), error.getMessage());
        assertTrue(Files.notExists(dir.resolve("out2").resolve("CURRENT")), "nothing is written");
    }

    @Test
    void keepLastKeepsTheLaterOfTwoConflictingRatingsAsTheLocalReaderDoes() throws IOException {
        // User 1 rates item 1 five stars, then two stars at the same time on a later line; only the later is kept.
        Path data = tinyCopy("1\t1\t5\t881250949\n2\t1\t3\t881250950\n1\t1\t2\t881250949\n3\t2\t4\t881250951\n"
                + "2\t2\t5\t881250952\n3\t1\t1\t881250953\n");
        RatingDataset dataset = Datasets.read("ml-100k", data, Duplicates.KEEP_LAST);
        assertEquals(5, dataset.ratings().size());
        Path local = dir.resolve("keep-last-local");
        SampleStoreWriter.write(local, new SampleEncoder(dataset, MovieLensFeatures.of(dataset, 3))
                .encode(Protocols.byName("time").split(dataset)));
        Path distributed = dir.resolve("keep-last-spark");
        preparation().prepare("ml-100k", data, Duplicates.KEEP_LAST, "time", 3, distributed);
        SameSamples.assertSameSamples(local, distributed);
        try (SampleStore store = SampleStore.openVerified(distributed)) {
            assertEquals(4, store.split(org.recllm.data.protocol.Split.TRAIN).rows(), "⌊0.8 · 5⌋ training rows");
        }
    }

    @Test
    void aTargetThatIsNotAStoreIsRefusedBeforeAnyWork() throws IOException {
        Path target = Files.createDirectories(dir.resolve("mine"));
        Files.writeString(target.resolve("notes.txt"), "keep me");
        var error = assertThrows(BadInputException.class, () -> preparation().prepare("ml-100k", Path.of("/nonexistent"), Duplicates.ERROR, "time", 5, target));
        assertTrue(error.getMessage().contains("is not a sample store"), error.getMessage());
    }

    /** A copy of ML-100K's metadata files with {@code ratings} as u.data. */
    private Path tinyCopy(String ratings) throws IOException {
        Path copy = Files.createDirectories(dir.resolve("tiny" + System.nanoTime()));
        for (String file : List.of("u.item", "u.user", "u.genre")) {
            Files.copy(SharedData.ml100k().resolve(file), copy.resolve(file));
        }
        Files.writeString(copy.resolve("u.data"), ratings);
        return copy;
    }
}
