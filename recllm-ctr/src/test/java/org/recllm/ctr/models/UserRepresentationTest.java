package org.recllm.ctr.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recllm.core.tensor.Tape;
import org.recllm.ctr.features.Batch;
import org.recllm.ctr.features.BatchLoader;
import org.recllm.ctr.features.FeatureLayout;
import org.recllm.ctr.testing.SyntheticStores;
import org.recllm.ctr.train.Scorer;
import org.recllm.ctr.train.UserRepresentations;
import org.recllm.data.protocol.Split;
import org.recllm.data.store.SampleStore;

/** DIN's interest vector as a frozen model's user representation, the input RecLoRA routes by. */
class UserRepresentationTest {

    @Test
    void dinGivesOneInterestVectorPerRowWhateverTheBatch(@TempDir Path dir) {
        try (SampleStore store = SyntheticStores.movieLens(dir.resolve("samples"), 40, 120, 20, 3)) {
            FeatureLayout layout = FeatureLayout.of(store);
            CtrModel din = ModelZoo.spec("din", Map.of("embedding.dim", "8", "dnn.hidden", "[16]")).build(layout, 5);
            BatchLoader test = new BatchLoader(store.split(Split.TEST), layout);
            int[] all = Scorer.identity(test.rows());
            UserRepresentations whole = new Scorer().representations(din, test, new Batch(layout, 4096), all);
            UserRepresentations small = new Scorer().representations(din, test, new Batch(layout, 7), all);
            int[] someRows = {test.rows() - 1, 3, 0};
            UserRepresentations chosen = new Scorer().representations(din, test, new Batch(layout, 2), someRows);

            assertEquals(test.rows(), whole.rows());
            // The keys are the history's item and genre embeddings side by side: 2 fields of 8.
            assertEquals(16, whole.dim());
            int nonZero = 0;
            for (int row = 0; row < whole.rows(); row++) {
                float[] a = whole.row(row);
                float[] b = small.row(row);
                for (int d = 0; d < a.length; d++) {
                    assertEquals(a[d], b[d], 1e-5f, "row " + row + " dimension " + d);
                }
                nonZero += java.util.Arrays.equals(a, new float[a.length]) ? 0 : 1;
            }
            assertTrue(nonZero > whole.rows() / 2, "rows with a history have a non-zero interest vector: " + nonZero);
            for (int i = 0; i < someRows.length; i++) {
                float[] a = whole.row(someRows[i]);
                float[] b = chosen.row(i);
                for (int d = 0; d < a.length; d++) {
                    assertEquals(a[d], b[d], 1e-5f, "chosen row " + someRows[i]);
                }
            }
        }
    }

    @Test
    void aModelWithoutOneSaysWhichDoes(@TempDir Path dir) {
        try (SampleStore store = SyntheticStores.movieLens(dir.resolve("samples"), 20, 50, 10, 3)) {
            FeatureLayout layout = FeatureLayout.of(store);
            CtrModel deepFm = ModelZoo.spec("deepfm").build(layout, 5);
            Batch batch = new Batch(layout, 8);
            new BatchLoader(store.split(Split.TEST), layout).fill(batch, Scorer.identity(8), 0, 8);
            var error = assertThrows(UnsupportedOperationException.class, () -> deepFm.userRepresentation(new Tape(), batch));
            assertTrue(error.getMessage().contains("DIN"), error.getMessage());
        }
    }
}
