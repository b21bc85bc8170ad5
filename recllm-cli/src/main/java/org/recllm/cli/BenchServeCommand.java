package org.recllm.cli;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.recllm.core.io.AtomicFiles;
import org.recllm.core.report.Machine;
import org.recllm.core.report.TextTable;
import org.recllm.serve.bundle.ModelBundle;
import org.recllm.serve.http.CtrServer;
import org.recllm.serve.http.ServerSettings;
import org.recllm.serve.load.LoadTest;
import org.recllm.serve.load.ScoreRequestBodies;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code recllm bench serve}: each bundle served on loopback by the real server, loaded by a client in the same
 * process: the most requests/s a closed loop gets, then latency percentiles at fixed offered rates, optionally a soak
 * with the heap after a full GC at its start and end.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Load-test the CTR scoring server on loopback: max requests/s (closed loop), p50/p99 latency at "
                + "offered rates (open loop, no coordinated omission), and an optional soak with heap after GC.")
final class BenchServeCommand implements Callable<Integer> {
    @Option(names = "--bundle", required = true, split = ",", paramLabel = "DIR", description = "Bundles to serve, one after another.")
    List<Path> bundles;

    @Option(names = "--candidates", defaultValue = "100", description = "Candidates per request. Default: ${DEFAULT-VALUE}.")
    int candidates;

    @Option(names = "--rates", split = ",", defaultValue = "250,500,1000", paramLabel = "R",
            description = "Offered requests/s of the open-loop runs. Default: ${DEFAULT-VALUE}.")
    List<Double> rates;

    @Option(names = "--seconds", defaultValue = "20", description = "Length of each run. Default: ${DEFAULT-VALUE}.")
    int seconds;

    @Option(names = "--warmup", defaultValue = "5", description = "Closed-loop seconds before measuring (JIT). Default: ${DEFAULT-VALUE}.")
    int warmup;

    @Option(names = "--connections", defaultValue = "8", description = "Connections of the closed loop. Default: ${DEFAULT-VALUE}.")
    int connections;

    @Option(names = "--soak-seconds", defaultValue = "0", description = "Soak length after the rates (0: none).")
    int soakSeconds;

    @Option(names = "--soak-rate", paramLabel = "R", description = "Offered requests/s of the soak. Default: half the measured maximum.")
    Double soakRate;

    @Option(names = "--compare-adaptor", description = "Serve each bundle with knowledge twice: knowledge adapted once at "
            + "loading (as serve ctr does) and adapted per request, to measure what precomputation buys.")
    boolean compareAdaptor;

    @Option(names = "--out", paramLabel = "FILE.json", description = "Write the results here.")
    Path out;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /**
     * One measured run of one bundle.
     *
     * @param knowledge where the knowledge adaptors ran: {@code at loading}, {@code per request}, or null without knowledge
     */
    record Row(String bundle, String version, String knowledge, String run, LoadTest.Result result) {}

    @Override
    public Integer call() throws InterruptedException {
        OptionInputs.require(candidates >= 1, "--candidates", "expected at least 1, got " + candidates);
        OptionInputs.require(seconds >= 1, "--seconds", "expected at least 1, got " + seconds);
        OptionInputs.require(warmup >= 0, "--warmup", "expected 0 or more, got " + warmup);
        OptionInputs.require(connections >= 1, "--connections", "expected at least 1, got " + connections);
        OptionInputs.require(soakSeconds >= 0, "--soak-seconds", "expected 0 or more, got " + soakSeconds);
        OptionInputs.require(rates.stream().allMatch(r -> r > 0), "--rates", "expected rates above 0, got " + rates);
        OptionInputs.require(soakRate == null || soakRate > 0, "--soak-rate", "expected a rate above 0, got " + soakRate);
        Outputs.requireWritable(out, "--out");
        PrintWriter print = spec.commandLine().getOut();
        Machine before = Machine.current();
        print.println(before.describe());
        print.flush();
        List<Row> rows = new ArrayList<>();
        List<Map<String, Object>> soaks = new ArrayList<>();
        for (Path bundle : bundles) {
            boolean knowledgeBundle = !ModelBundle.manifest(bundle).knowledge().isEmpty();
            for (boolean precompute : compareAdaptor && knowledgeBundle ? List.of(true, false) : List.of(true)) {
                ServerSettings settings = new ServerSettings("127.0.0.1", 0,
                        Math.max(candidates, ServerSettings.DEFAULT_MAX_CANDIDATES), ServerSettings.DEFAULT_MAX_BODY_BYTES,
                        Runtime.getRuntime().availableProcessors(), Duration.ZERO, Duration.ofSeconds(10), precompute);
                String label = bundle + (precompute ? "" : " (knowledge adapted per request)");
                measure(bundle, label, settings, rows, soaks, print);
                print.print(table(rows.stream().filter(r -> r.bundle().equals(label)).toList()).render());
                print.flush();
            }
        }
        Machine after = Machine.current();
        print.printf(Locale.ROOT, "load average before %.2f, after %.2f%n", before.loadAverage(), after.loadAverage());
        if (out != null) {
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("machine", before);
            report.put("load_average_after", after.loadAverage());
            report.put("candidates", candidates);
            report.put("seconds", seconds);
            report.put("results", rows);
            report.put("soaks", soaks);
            AtomicFiles.writeJson(out, report);
            print.println("written: " + out);
        }
        return 0;
    }

    private void measure(Path bundle, String label, ServerSettings settings, List<Row> rows, List<Map<String, Object>> soaks,
                         PrintWriter print) throws InterruptedException {
        try (CtrServer server = CtrServer.start(bundle, settings, message -> { })) {
            ModelBundle loaded = server.bundle();
            String knowledge = loaded.manifest().knowledge().isEmpty() ? null
                    : settings.precomputeKnowledge() ? "at loading" : "per request";
            List<byte[]> bodies = ScoreRequestBodies.sample(loaded, 2000, candidates, 1);
            print.printf("%s: %s%s, %d candidates per request%n", label, server.modelVersion(),
                    knowledge == null ? "" : " with knowledge adapted " + knowledge, candidates);
            print.flush();
            if (warmup > 0) {
                run(server, bodies, 0, connections, warmup);
            }
            LoadTest.Result max = run(server, bodies, 0, connections, seconds);
            rows.add(new Row(label, server.modelVersion(), knowledge, "max (closed loop)", max));
            for (double rate : rates) {
                rows.add(new Row(label, server.modelVersion(), knowledge,
                        String.format(Locale.ROOT, "offered %.0f/s", rate), run(server, bodies, rate, 64, seconds)));
            }
            if (soakSeconds > 0) {
                double rate = soakRate != null ? soakRate : Math.floor(max.requestsPerSecond() / 2);
                soaks.add(soak(server, bodies, rate, rows, label, knowledge, print));
            }
        }
    }

    private Map<String, Object> soak(CtrServer server, List<byte[]> bodies, double rate, List<Row> rows, String bundle,
                                     String knowledge, PrintWriter print) throws InterruptedException {
        long heapStart = heapAfterGc();
        int minutes = (soakSeconds + 59) / 60;
        for (int minute = 1; minute <= minutes; minute++) {
            int length = Math.min(60, soakSeconds - (minute - 1) * 60);
            LoadTest.Result result = run(server, bodies, rate, 64, length);
            rows.add(new Row(bundle, server.modelVersion(), knowledge,
                    String.format(Locale.ROOT, "soak %.0f/s, minute %d", rate, minute), result));
            print.printf(Locale.ROOT, "soak minute %d: %.0f req/s, p99 %.2f ms, errors %d%n", minute,
                    result.requestsPerSecond(), result.p99(), result.errors());
            print.flush();
        }
        long heapEnd = heapAfterGc();
        print.printf(Locale.ROOT, "heap after GC: %.1f MiB at the start of the soak, %.1f MiB at its end%n",
                heapStart / 1048576.0, heapEnd / 1048576.0);
        Map<String, Object> soak = new LinkedHashMap<>();
        soak.put("bundle", bundle);
        soak.put("rate", rate);
        soak.put("seconds", soakSeconds);
        soak.put("heap_after_gc_start_bytes", heapStart);
        soak.put("heap_after_gc_end_bytes", heapEnd);
        return soak;
    }

    private static long heapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private LoadTest.Result run(CtrServer server, List<byte[]> bodies, double rate, int connections, int runSeconds)
            throws InterruptedException {
        int bound = (int) Math.min(Integer.MAX_VALUE - 8, rate > 0 ? Math.ceil(rate * runSeconds) + 1 : 50_000L * runSeconds);
        return LoadTest.run(new LoadTest.Settings("127.0.0.1", server.port(), "/v1/score", bodies, rate, connections,
                Duration.ofSeconds(runSeconds), bound));
    }

    private static TextTable table(List<Row> rows) {
        TextTable table = new TextTable("model", "run", "requests/s", "p50 ms", "p90 ms", "p99 ms", "p99.9 ms", "max ms",
                "requests", "errors");
        for (Row row : rows) {
            LoadTest.Result r = row.result();
            table.add(row.version() + (row.knowledge() == null ? "" : " +knowledge (" + row.knowledge() + ")"), row.run(),
                    String.format(Locale.ROOT, "%,.0f", r.requestsPerSecond()), ms(r.p50()), ms(r.p90()), ms(r.p99()),
                    ms(r.p999()), ms(r.max()), r.requests(), r.errors());
        }
        return table;
    }

    private static String ms(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
