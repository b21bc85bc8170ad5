package org.recllm.data.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;
import org.recllm.core.io.AtomicFiles;
import org.recllm.core.testing.Fuzz;
import org.recllm.data.protocol.Split;
import org.recllm.data.testing.SyntheticSamples;

/**
 * Any file of a sample store (columns, manifest, vocabularies, stats, CURRENT), damaged at random, is either opened,
 * verified and read, or rejected with a {@code BadInputException}: damage never reaches a model as a wrong number.
 */
class SampleStoreFuzzTest {
    private Path dir;
    private List<Path> files;

    @BeforeProperty
    void writeStore() throws IOException {
        dir = Files.createTempDirectory("store-fuzz");
        SampleStoreWriter.write(dir, SyntheticSamples.build(3, 200));
        try (Stream<Path> walked = Files.walk(dir)) {
            files = walked.filter(Files::isRegularFile).sorted().toList();
        }
    }

    @AfterProperty
    void removeStore() throws IOException {
        AtomicFiles.deleteTree(dir);
    }

    @Property(tries = 300, seed = "20261129")
    void aDamagedFileIsVerifiedOrRejected(@ForAll long seed) throws IOException {
        Path victim = files.get(new Random(seed).nextInt(files.size()));
        byte[] original = Files.readAllBytes(victim);
        try {
            Files.write(victim, Fuzz.mutate(original, seed));
            Fuzz.assertReadsOrRejects(victim + " (seed " + seed + ")", () -> {
                try (SampleStore store = SampleStore.openVerified(dir)) {
                    store.stats();
                    for (Split split : Split.values()) {
                        store.split(split).labels().toArray();
                    }
                }
            });
        } finally {
            Files.write(victim, original);
        }
    }
}
