package org.recllm.ctr.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recllm.core.parallel.Parallel;
import org.recllm.ctr.features.FeatureLayout;
import org.recllm.ctr.models.ModelSpec;
import org.recllm.ctr.models.ModelZoo;
import org.recllm.data.store.SampleStore;
import org.recllm.data.store.SampleStoreWriter;
import org.recllm.data.synth.SyntheticCtr;

/** The benchmark runs a model end to end and accounts its dense work: timings vary, the relations between them do not. */
class CtrBenchmarkTest {

    @Test
    void measuresTrainingScoringAndDenseWork(@TempDir Path dir) {
        SampleStoreWriter.write(dir, new SyntheticCtr(5_000, 9, 1).generate());
        try (SampleStore store = SampleStore.open(dir)) {
            ModelSpec spec = ModelZoo.spec("deepfm", Map.of("dnn.hidden", "[32,16]"));
            CtrBenchmark.Result result = CtrBenchmark.run(spec, store, 256, 0.5, 100);
            assertEquals("deepfm", result.model());
            assertEquals(256, result.batch());
            assertEquals(Parallel.threads(), result.threads());
            assertEquals(spec.build(FeatureLayout.of(store), 1).parameters().count(), result.parameters());
            // Whole batches only, for at least the half second asked (scoring: a quarter of it).
            assertEquals(0, result.trainSamples() % 256, "train samples " + result.trainSamples());
            assertEquals(0, result.scoreSamples() % 256, "score samples " + result.scoreSamples());
            assertTrue(result.trainSeconds() >= 0.5 && result.scoreSeconds() >= 0.25, result.toString());
            assertEquals(result.trainSamples() / result.trainSeconds(), result.trainSamplesPerSecond(), 1e-9);
            assertEquals(result.scoreSamples() / result.scoreSeconds(), result.scoreSamplesPerSecond(), 1e-9);
            // 9 fields × 16 dims into [32, 16, 1]: (144·32 + 32·16 + 16·1) = 5,136 multiply-adds, ×2 FLOPs, ×3 for the
            // forward product and the input and weight gradients: 30,816 FLOPs per sample.
            assertEquals(0.0308, result.denseMflopPerSample(), 0.0005);
            // The GEMM figures are one another's ratios: FLOPs over GEMM time, that time over the step time, that rate
            // over the machine's (100 GFLOP/s given).
            double flops = result.denseMflopPerSample() * 1e6 * result.trainSamples();
            double gemmSeconds = result.gemmShare() * result.trainSeconds();
            assertTrue(result.gemmShare() > 0 && result.gemmShare() < 1, "GEMM share " + result.gemmShare());
            assertEquals(flops / gemmSeconds / 1e9, result.denseGflopsInsideGemm(), 1e-6 * result.denseGflopsInsideGemm());
            assertEquals(100, result.machineGemmGflops());
            assertEquals(result.denseGflopsInsideGemm() / 100, result.denseFraction(), 1e-12);
        }
    }
}
