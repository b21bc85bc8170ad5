package org.recllm.spark.prepare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import org.recllm.data.schema.Vocabulary;
import org.recllm.data.store.SampleStore;

/** The check that two sample stores hold the same samples: schema, vocabularies with counts, splits, every column. */
final class SameSamples {
    private SameSamples() {}

    static void assertSameSamples(Path expectedStore, Path actualStore) {
        try (SampleStore expected = SampleStore.openVerified(expectedStore);
             SampleStore actual = SampleStore.openVerified(actualStore)) {
            assertEquals(expected.schema(), actual.schema());
            assertEquals(expected.vocabularies().keySet().stream().toList(), actual.vocabularies().keySet().stream().toList());
            for (String name : expected.vocabularies().keySet()) {
                Vocabulary want = expected.vocabulary(name);
                Vocabulary got = actual.vocabulary(name);
                assertEquals(want.values(), got.values(), name);
                assertTrue(Arrays.equals(want.counts(), got.counts()), name + " counts");
            }
            assertEquals(expected.stats().splits(), actual.stats().splits());
            assertEquals(expected.contentId(), actual.contentId(), "every column of every split, byte for byte");
            assertEquals(expected.info().historyLength(), actual.info().historyLength());
            assertEquals(expected.info().protocol(), actual.info().protocol());
        }
    }
}
