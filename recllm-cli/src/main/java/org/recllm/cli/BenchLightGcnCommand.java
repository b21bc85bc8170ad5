package org.recllm.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.recllm.core.io.AtomicFiles;
import org.recllm.core.io.BadInputException;
import org.recllm.core.parallel.Parallel;
import org.recllm.core.report.Machine;
import org.recllm.ctr.graph.InteractionGraph;
import org.recllm.ctr.graph.LightGcn;
import org.recllm.data.synth.ZipfSampler;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code recllm bench lightgcn}: LightGCN training steps (whole-graph propagation forward and backward, BPR on a batch
 * of triples, Adam) on a synthetic interaction graph — users with a fixed number of items each, item popularity
 * Zipf-distributed — or on a raw little-endian int32 file of (user, item) pairs that a peer such as PyTorch reads too.
 */
@Command(name = "lightgcn", mixinStandardHelpOptions = true,
        description = "Time LightGCN training steps on a synthetic interaction graph or on a raw int32 (user, item) "
                + "pair file; --write-edges writes the synthetic pairs for a peer.")
final class BenchLightGcnCommand implements Callable<Integer> {
    @Option(names = "--users", defaultValue = "1000000", description = "Users. Default: ${DEFAULT-VALUE}.")
    int users;

    @Option(names = "--items", defaultValue = "100000", description = "Items. Default: ${DEFAULT-VALUE}.")
    int items;

    @Option(names = "--per-user", defaultValue = "10", description = "Interactions per user. Default: ${DEFAULT-VALUE}.")
    int perUser;

    @Option(names = "--dim", defaultValue = "64", description = "Embedding width. Default: ${DEFAULT-VALUE}.")
    int dim;

    @Option(names = "--layers", defaultValue = "3", description = "Propagation layers. Default: ${DEFAULT-VALUE}.")
    int layers;

    @Option(names = "--batch", defaultValue = "8192", description = "Triples per step. Default: ${DEFAULT-VALUE}.")
    int batch;

    @Option(names = "--steps", defaultValue = "5", description = "Timed steps. Default: ${DEFAULT-VALUE}.")
    int steps;

    @Option(names = "--warmup", defaultValue = "1", paramLabel = "N", description = "Untimed steps first. "
            + "Default: ${DEFAULT-VALUE}.")
    int warmup;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the graph and of training. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--edges", paramLabel = "FILE.i32", description = "Read the (user, item) pairs from this file.")
    Path edges;

    @Option(names = "--write-edges", paramLabel = "FILE.i32", description = "Write the synthetic pairs here and stop.")
    Path writeEdges;

    @Option(names = "--out", paramLabel = "FILE.json", description = "Write the result here.")
    Path out;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        for (Map.Entry<String, Integer> positive : Map.of("--users", users, "--items", items, "--per-user", perUser,
                "--dim", dim, "--batch", batch, "--steps", steps).entrySet()) {
            CorpusTrainingOptions.requirePositive(positive.getValue(), positive.getKey());
        }
        OptionInputs.require(layers >= 0 && layers <= 8, "--layers", "expected 0 to 8, got " + layers);
        OptionInputs.require(warmup >= 0, "--warmup", "expected 0 or more steps, got " + warmup);
        var print = spec.commandLine().getOut();
        int[] pairs = edges == null ? synthetic() : read(edges);
        if (writeEdges != null) {
            write(writeEdges, pairs);
            print.printf(Locale.ROOT, "wrote %,d (user, item) pairs to %s%n", pairs.length / 2, writeEdges);
            return 0;
        }
        long built = System.nanoTime();
        int[] u = new int[pairs.length / 2];
        int[] i = new int[pairs.length / 2];
        for (int k = 0; k < u.length; k++) {
            u[k] = pairs[2 * k];
            i[k] = pairs[2 * k + 1];
        }
        InteractionGraph graph;
        try {
            graph = InteractionGraph.of(users, items, u, i);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(edges == null ? Path.of("synthetic") : edges, e.getMessage() + " (--users/--items)");
        }
        double graphSeconds = (System.nanoTime() - built) / 1e9;
        LightGcn model = new LightGcn(graph, new LightGcn.Config(dim, layers, 0, batch, 1e-3f, 1e-4f, seed));
        SplittableRandom random = new SplittableRandom(seed);
        model.runSteps(warmup, random);
        long start = System.nanoTime();
        double loss = model.runSteps(steps, random);
        double seconds = (System.nanoTime() - start) / 1e9;
        double triples = (double) steps * batch / seconds;
        print.printf(Locale.ROOT, "recllm LightGCN: %,d users × %,d items, %,d edges, %d × %d layers, batch %,d: %d steps "
                        + "in %.2f s (%.3f s/step, %,.0f triples/s) after %d warm-up step(s); BPR loss %.4f; graph built "
                        + "in %.2f s; %d threads on %s%n", users, items, graph.interactions(), dim, layers, batch, steps,
                seconds, seconds / steps, triples, warmup, loss, graphSeconds, Parallel.threads(), Machine.current().cpu());
        if (out != null) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("implementation", "recllm");
            json.put("users", users);
            json.put("items", items);
            json.put("edges", graph.interactions());
            json.put("dim", dim);
            json.put("layers", layers);
            json.put("batch", batch);
            json.put("steps", steps);
            json.put("warmup_steps", warmup);
            json.put("seconds", seconds);
            json.put("seconds_per_step", seconds / steps);
            json.put("triples_per_s", triples);
            json.put("loss", loss);
            json.put("graph_seconds", graphSeconds);
            json.put("threads", Parallel.threads());
            json.put("machine", Machine.current());
            AtomicFiles.writeJson(out, json);
        }
        return 0;
    }

    /**
     * Each user's items: {@code perUser} draws of a Zipf(1) popularity rank, scattered over the item ids by a
     * multiplicative hash (a permutation of the ids, so popular items are not all at the start).
     */
    private int[] synthetic() {
        SplittableRandom random = new SplittableRandom(seed);
        ZipfSampler popularity = new ZipfSampler(items, 1.0);
        int[] pairs = new int[Math.multiplyExact(Math.multiplyExact(users, perUser), 2)];
        int at = 0;
        for (int user = 0; user < users; user++) {
            for (int k = 0; k < perUser; k++) {
                pairs[at++] = user;
                pairs[at++] = (int) ((popularity.sample(random) * 2_654_435_761L) % items);
            }
        }
        return pairs;
    }

    private static int[] read(Path file) {
        try {
            ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
            if (bytes.remaining() % 8 != 0) {
                throw new BadInputException(file, "holds " + bytes.remaining() + " bytes; expected (user, item) pairs of "
                        + "little-endian int32, 8 bytes each");
            }
            int[] pairs = new int[bytes.remaining() / 4];
            bytes.asIntBuffer().get(pairs);
            return pairs;
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file + ": " + e.getMessage(), e);
        }
    }

    private static void write(Path file, int[] pairs) {
        ByteBuffer bytes = ByteBuffer.allocate(pairs.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asIntBuffer().put(pairs);
        AtomicFiles.write(file, stream -> stream.write(bytes.array()));
    }
}
