package org.recllm.data.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recllm.data.dataset.MovieLens100k;
import org.recllm.data.dataset.Rating;
import org.recllm.data.dataset.RatingDataset;

/** The synthetic log reads as ML-100K, repeats itself for the same seed, and is skewed and learnable like real logs. */
class SyntheticLogTest {

    @Test
    void itIsAValidMl100kFolderWithSkewedPopularityAndBothLabels(@TempDir Path dir) throws IOException {
        new SyntheticLog(200, 300, 20_000, 4).write(dir.resolve("a"));
        RatingDataset log = MovieLens100k.read(dir.resolve("a"));
        assertEquals(20_000, log.ratings().size());
        assertEquals(200, log.users().size());
        assertEquals(300, log.items().size());
        assertTrue(log.hasDemographics());
        int[] perItem = new int[301];
        long positives = 0;
        for (Rating rating : log.ratings()) {
            perItem[rating.itemId()]++;
            positives += rating.label();
        }
        int[] sorted = perItem.clone();
        Arrays.sort(sorted);
        assertTrue(sorted[300] > 20 * sorted[150], "the most rated item has " + sorted[300] + ", the median " + sorted[150]);
        double rate = positives / 20_000.0;
        assertTrue(rate > 0.25 && rate < 0.75, "positive rate " + rate);

        new SyntheticLog(200, 300, 20_000, 4).write(dir.resolve("b"));
        for (String file : new String[] {"u.data", "u.item", "u.user", "u.genre"}) {
            assertArrayEquals(Files.readAllBytes(dir.resolve("a").resolve(file)), Files.readAllBytes(dir.resolve("b").resolve(file)), file);
        }
    }
}
