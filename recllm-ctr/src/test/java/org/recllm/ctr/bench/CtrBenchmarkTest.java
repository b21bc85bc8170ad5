package org.recllm.ctr.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recllm.ctr.models.ModelZoo;
import org.recllm.data.store.SampleStore;
import org.recllm.data.store.SampleStoreWriter;
import org.recllm.data.synth.SyntheticCtr;

/** The benchmark runs a model end to end and accounts its dense work (its timings are figures, not assertions). */
class CtrBenchmarkTest {

    @Test
    void measuresTrainingScoringAndDenseWork(@TempDir Path dir) {
        SampleStoreWriter.write(dir, new SyntheticCtr(5_000, 9, 1).generate());
        try (SampleStore store = SampleStore.open(dir)) {
            CtrBenchmark.Result result = CtrBenchmark.run(ModelZoo.spec("deepfm", java.util.Map.of("dnn.hidden", "[32,16]")),
                    store, 256, 0.5, 100);
            assertEquals("deepfm", result.model());
            assertTrue(result.trainSamplesPerSecond() > 0 && result.scoreSamplesPerSecond() > 0);
            // 9 fields × 16 dims into [32, 16, 1]: (144·32 + 32·16 + 16·1) = 5,136 multiply-adds, ×2 FLOPs, ×3 for the
            // forward product and the input and weight gradients: 30,816 FLOPs per sample.
            assertEquals(0.0308, result.denseMflopPerSample(), 0.0005);
        }
    }
}
