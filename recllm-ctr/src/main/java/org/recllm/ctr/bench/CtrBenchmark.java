package org.recllm.ctr.bench;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.SplittableRandom;
import org.recllm.core.kernels.GemmCounters;
import org.recllm.core.kernels.Sgemm;
import org.recllm.core.optim.Optimizer;
import org.recllm.core.optim.OptimizerConfig;
import org.recllm.core.parallel.Parallel;
import org.recllm.core.tensor.Tape;
import org.recllm.ctr.features.Batch;
import org.recllm.ctr.features.BatchLoader;
import org.recllm.ctr.features.FeatureLayout;
import org.recllm.ctr.models.CtrModel;
import org.recllm.ctr.models.ModelSpec;
import org.recllm.ctr.train.TrainingStep;
import org.recllm.data.protocol.Split;
import org.recllm.data.store.SampleStore;

/**
 * Steady-state throughput of one model on one store: training samples/s (forward, backward, Adam) and scoring
 * samples/s over the training split, after a warm-up, plus how fast the dense part runs compared with this
 * machine's own GEMM rate measured in the same process.
 */
public final class CtrBenchmark {
    /** One measurement, with the field names of the JSON report; the rates are the samples over the seconds. */
    public record Result(
            String model,
            int batch,
            int threads,
            long parameters,
            @JsonProperty("train_samples") long trainSamples,
            @JsonProperty("train_seconds") double trainSeconds,
            @JsonProperty("score_samples") long scoreSamples,
            @JsonProperty("score_seconds") double scoreSeconds,
            @JsonProperty("train_samples_per_s") double trainSamplesPerSecond,
            @JsonProperty("score_samples_per_s") double scoreSamplesPerSecond,
            @JsonProperty("dense_mflop_per_train_sample") double denseMflopPerSample,
            @JsonProperty("dense_gflops_inside_gemm") double denseGflopsInsideGemm,
            @JsonProperty("gemm_share_of_step_time") double gemmShare,
            @JsonProperty("machine_gemm_gflops") double machineGemmGflops,
            @JsonProperty("dense_fraction_of_machine_gemm") double denseFraction) {}

    private CtrBenchmark() {}

    /** The best rate of a 1024³ product over a few runs: what this machine's GEMM does at its best. */
    public static double machineGemmGflops() {
        int n = 1024;
        float[] a = new float[n * n];
        float[] b = new float[n * n];
        float[] c = new float[n * n];
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) random.nextDouble();
            b[i] = (float) random.nextDouble();
        }
        long best = Long.MAX_VALUE;
        for (int run = 0; run < 8; run++) {
            long start = System.nanoTime();
            Sgemm.multiply(false, false, n, n, n, a, 0, n, b, 0, n, c, 0, n);
            best = Math.min(best, System.nanoTime() - start);
        }
        return 2.0 * n * n * n / best;
    }

    public static Result run(ModelSpec spec, SampleStore store, int batchSize, double seconds, double machineGflops) {
        FeatureLayout layout = FeatureLayout.of(store);
        CtrModel model = spec.build(layout, 1);
        BatchLoader loader = new BatchLoader(store.split(Split.TRAIN), layout);
        Batch batch = new Batch(layout, batchSize);
        int[] order = shuffled(loader.rows(), 1);
        TrainingStep step = new TrainingStep(model, new Optimizer(model.parameters(), OptimizerConfig.adam(1e-3f)), 1);
        Cursor cursor = new Cursor(loader.rows(), batchSize);
        runFor(Math.min(3, seconds / 3), () -> {
            int from = cursor.next();
            loader.fill(batch, order, from, cursor.count(from));
            step.run(batch, 1e-3f);
            return batch.size();
        });
        GemmCounters.reset();
        long trainStart = System.nanoTime();
        long trained = runFor(seconds, () -> {
            int from = cursor.next();
            loader.fill(batch, order, from, cursor.count(from));
            step.run(batch, 1e-3f);
            return batch.size();
        });
        double trainSeconds = (System.nanoTime() - trainStart) / 1e9;
        long flops = GemmCounters.flops();
        double gemmSeconds = GemmCounters.nanos() / 1e9;
        Tape tape = new Tape().gradients(false).training(false);
        runFor(Math.min(2, seconds / 4), () -> score(model, tape, loader, batch, order, cursor));
        long scoreStart = System.nanoTime();
        long scored = runFor(seconds / 2, () -> score(model, tape, loader, batch, order, cursor));
        double scoreSeconds = (System.nanoTime() - scoreStart) / 1e9;
        double insideGemm = gemmSeconds > 0 ? flops / gemmSeconds / 1e9 : 0;
        return new Result(spec.name(), batchSize, Parallel.threads(), model.parameters().count(), trained, trainSeconds,
                scored, scoreSeconds, trained / trainSeconds,
                scored / scoreSeconds, flops / 1e6 / trained, insideGemm, gemmSeconds / trainSeconds, machineGflops,
                insideGemm / machineGflops);
    }

    private static int score(CtrModel model, Tape tape, BatchLoader loader, Batch batch, int[] order, Cursor cursor) {
        int from = cursor.next();
        loader.fill(batch, order, from, cursor.count(from));
        tape.reset();
        model.logits(tape, batch);
        return batch.size();
    }

    /** Repeats {@code work} (which returns the samples it processed) for about {@code seconds}; returns the total. */
    private static long runFor(double seconds, java.util.function.IntSupplier work) {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        long total = 0;
        do {
            total += work.getAsInt();
        } while (System.nanoTime() < deadline);
        return total;
    }

    private static int[] shuffled(int n, long seed) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return order;
    }

    /** Walks the split batch by batch, wrapping around; full batches only so every step has the same shape. */
    private static final class Cursor {
        private final int rows;
        private final int batch;
        private int position;

        Cursor(int rows, int batch) {
            this.rows = rows;
            this.batch = batch;
        }

        int next() {
            if (position + Math.min(batch, rows) > rows) {
                position = 0;
            }
            int from = position;
            position += batch;
            return from;
        }

        int count(int from) {
            return Math.min(batch, rows - from);
        }
    }
}
