package org.recllm.data.dataset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterProperty;
import org.recllm.core.testing.Fuzz;
import org.recllm.data.testing.Fixtures;

/** Any file of a MovieLens dataset, damaged at random, is read or rejected with a {@code BadInputException}. */
class MovieLensFuzzTest {
    private record Format(String fixture, Function<Path, RatingDataset> reader) {}

    private static final List<Format> FORMATS = List.of(new Format(Fixtures.ML_100K, MovieLens100k::read),
            new Format(Fixtures.ML_1M, MovieLens1m::read), new Format(Fixtures.ML_LATEST, MovieLensLatest::read));

    private final Path root = createTemp();

    private static Path createTemp() {
        try {
            return Files.createTempDirectory("movielens-fuzz");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @AfterProperty
    void removeTemp() throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    @Property(tries = 300, seed = "20261129")
    void aDamagedFileIsReadOrRejected(@ForAll long seed) throws IOException {
        Random random = new Random(seed);
        Format format = FORMATS.get(random.nextInt(FORMATS.size()));
        Path dir = Fixtures.copy(format.fixture(), Files.createTempDirectory(root, "try"));
        List<Path> files;
        try (Stream<Path> listed = Files.list(dir)) {
            files = listed.sorted().toList();
        }
        Path victim = files.get(random.nextInt(files.size()));
        Files.write(victim, Fuzz.mutate(Files.readAllBytes(victim), seed));
        Duplicates duplicates = random.nextBoolean() ? Duplicates.ERROR : Duplicates.KEEP_LAST;
        Fuzz.assertReadsOrRejects(victim + " (seed " + seed + ")", () -> format.reader().apply(dir));
        Fuzz.assertReadsOrRejects(victim + " (seed " + seed + ", " + duplicates + ")",
                () -> Datasets.read(format.fixture().equals(Fixtures.ML_LATEST) ? MovieLensLatest.NAME : format.fixture(),
                        dir, duplicates));
    }
}
