package org.recllm.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.recllm.core.cluster.Clustering;
import org.recllm.core.cluster.KMeans;
import org.recllm.core.cluster.KMeansConfig;
import org.recllm.core.io.AtomicFiles;
import org.recllm.core.io.BadInputException;
import org.recllm.core.io.Float32Bytes;
import org.recllm.core.parallel.Parallel;
import org.recllm.core.report.Machine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code recllm bench kmeans}: mini-batch k-means on many rows (synthetic Gaussian clusters, or a raw float32 file
 * that a peer such as scikit-learn reads too), a fixed number of epochs without early stopping, timed whole: seeding,
 * the mini-batches and the final assignment of every row.
 */
@Command(name = "kmeans", mixinStandardHelpOptions = true,
        description = "Time mini-batch k-means (k-means++ seeding, fixed epochs, final assignment) on synthetic clustered "
                + "rows or on a raw little-endian float32 file; --write-data writes the synthetic rows for a peer.")
final class BenchKMeansCommand implements Callable<Integer> {
    @Option(names = "--rows", defaultValue = "1000000", description = "Rows. Default: ${DEFAULT-VALUE}.")
    int rows;

    @Option(names = "--dim", defaultValue = "64", description = "Values per row. Default: ${DEFAULT-VALUE}.")
    int dim;

    @Option(names = "--k", defaultValue = "256", description = "Clusters. Default: ${DEFAULT-VALUE}.")
    int k;

    @Option(names = "--batch", defaultValue = "1024", description = "Rows per mini-batch. Default: ${DEFAULT-VALUE}.")
    int batch;

    @Option(names = "--epochs", defaultValue = "1", description = "Passes' worth of mini-batches. Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Option(names = "--warmup", defaultValue = "0", paramLabel = "N", description = "Untimed fits before the timed one "
            + "(0: the timed fit includes the JIT's warm-up, as a one-off job's would). Default: ${DEFAULT-VALUE}.")
    int warmup;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the data and of k-means. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--data", paramLabel = "FILE.f32", description = "Read the rows from this file instead of drawing them.")
    Path data;

    @Option(names = "--write-data", paramLabel = "FILE.f32", description = "Write the synthetic rows here and stop.")
    Path writeData;

    @Option(names = "--out", paramLabel = "FILE.json", description = "Write the result here.")
    Path out;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        CorpusTrainingOptions.requirePositive(rows, "--rows");
        CorpusTrainingOptions.requirePositive(dim, "--dim");
        CorpusTrainingOptions.requirePositive(k, "--k");
        CorpusTrainingOptions.requirePositive(batch, "--batch");
        CorpusTrainingOptions.requirePositive(epochs, "--epochs");
        OptionInputs.require(k <= rows, "--k", "k = " + k + " needs at least as many rows, got " + rows);
        var print = spec.commandLine().getOut();
        float[] values = data == null ? synthetic() : read(data);
        if (writeData != null) {
            write(writeData, values);
            print.printf(Locale.ROOT, "wrote %,d rows of %d float32 values to %s%n", rows, dim, writeData);
            return 0;
        }
        OptionInputs.require(warmup >= 0, "--warmup", "expected 0 or more fits, got " + warmup);
        KMeansConfig config = new KMeansConfig(k, epochs, 0, batch, Integer.MAX_VALUE, seed);
        for (int i = 0; i < warmup; i++) {
            KMeans.fit(values, rows, dim, config);
        }
        long start = System.nanoTime();
        Clustering clustering = KMeans.fit(values, rows, dim, config);
        double seconds = (System.nanoTime() - start) / 1e9;
        long stepRows = (long) clustering.iterations() * batch;
        print.printf(Locale.ROOT, "recllm mini-batch k-means: %,d rows × %d, k %d, batch %d, %d steps in %.2f s "
                        + "(%,.0f mini-batch rows/s; %s), inertia per row %.4f, %d threads on %s%n", rows, dim, k, batch,
                clustering.iterations(), seconds, stepRows / seconds, warmup == 0 ? "cold JVM" : warmup + " warm-up fits",
                clustering.inertia() / rows, Parallel.threads(), Machine.current().cpu());
        if (out != null) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("implementation", "recllm");
            json.put("rows", rows);
            json.put("dim", dim);
            json.put("k", k);
            json.put("batch", batch);
            json.put("steps", clustering.iterations());
            json.put("warmup_fits", warmup);
            json.put("seconds", seconds);
            json.put("batch_rows_per_s", stepRows / seconds);
            json.put("inertia_per_row", clustering.inertia() / rows);
            json.put("threads", Parallel.threads());
            json.put("machine", Machine.current());
            AtomicFiles.writeJson(out, json);
        }
        return 0;
    }

    /** k Gaussian clusters: centres N(0, 4²) per value, rows a centre plus N(0, 1) noise. */
    private float[] synthetic() {
        SplittableRandom random = new SplittableRandom(seed);
        float[] centres = new float[k * dim];
        for (int i = 0; i < centres.length; i++) {
            centres[i] = (float) (4 * random.nextGaussian());
        }
        float[] values = new float[Math.multiplyExact(rows, dim)];
        for (int r = 0; r < rows; r++) {
            int centre = random.nextInt(k);
            for (int d = 0; d < dim; d++) {
                values[r * dim + d] = centres[centre * dim + d] + (float) random.nextGaussian();
            }
        }
        return values;
    }

    private float[] read(Path file) {
        OptionInputs.require(Files.isRegularFile(file), "--data", "no file at " + file);
        try {
            long expected = (long) rows * dim * Float.BYTES;
            long size = Files.size(file);
            if (size != expected) {
                throw new BadInputException("--data", 0, null, file + " holds " + size + " bytes; " + rows
                        + " rows of " + dim + " float32 values are " + expected);
            }
            return Float32Bytes.toFloats(Files.readAllBytes(file), rows * dim);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static void write(Path file, float[] values) {
        AtomicFiles.write(file, stream -> stream.write(Float32Bytes.toBytes(values)));
    }
}
