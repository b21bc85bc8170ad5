package org.recllm.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.recllm.serve.http.CtrServer;
import org.recllm.serve.http.ServerSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code recllm serve ctr}: the online scoring server over a bundle written by {@code train --save}. */
@Command(name = "ctr", mixinStandardHelpOptions = true,
        description = "Serve a bundle (recllm train --save DIR): POST /v1/score, /health, /ready, /metrics, "
                + "POST /admin/reload. A new bundle written into DIR is picked up without dropping a request; "
                + "Ctrl-C or SIGTERM stops after the requests in flight.")
final class ServeCtrCommand implements Callable<Integer> {
    @Option(names = "--bundle", required = true, paramLabel = "DIR", description = "Bundle folder written by recllm train --save.")
    Path bundle;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on. Default: ${DEFAULT-VALUE}.")
    String host;

    @Option(names = "--port", defaultValue = "8080", description = "Port (0: any free one). Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--max-candidates", defaultValue = "1000", description = "Candidates one request may carry. Default: ${DEFAULT-VALUE}.")
    int maxCandidates;

    @Option(names = "--max-body", defaultValue = "1048576", paramLabel = "BYTES", description = "Largest request body. Default: ${DEFAULT-VALUE}.")
    int maxBody;

    @Option(names = "--concurrency", paramLabel = "N", description = "Requests scored at once. Default: one per core.")
    Integer concurrency;

    @Option(names = "--watch", defaultValue = "2", paramLabel = "SECONDS",
            description = "How often to look for a new bundle version (0: never; POST /admin/reload still works). Default: ${DEFAULT-VALUE}.")
    double watchSeconds;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        ServerSettings settings = settings();
        var out = spec.commandLine().getOut();
        CtrServer server = CtrServer.start(bundle, settings, ServeCommand.log(out));
        ServeCommand.untilStopped(server, out, String.format("serving %s from %s on http://%s:%d (POST /v1/score, "
                + "/health, /ready, /metrics)", server.modelVersion(), bundle, settings.host(), server.port()));
        return 0;
    }

    private ServerSettings settings() {
        OptionInputs.require(port >= 0 && port <= 65_535, "--port", "expected 0 to 65535, got " + port);
        OptionInputs.require(maxCandidates >= 1, "--max-candidates", "expected at least 1, got " + maxCandidates);
        OptionInputs.require(maxBody >= 64, "--max-body", "expected at least 64 bytes, got " + maxBody);
        int sessions = concurrency == null ? Runtime.getRuntime().availableProcessors() : concurrency;
        OptionInputs.require(sessions >= 1, "--concurrency", "expected at least 1, got " + sessions);
        OptionInputs.require(watchSeconds >= 0, "--watch", "expected seconds ≥ 0, got " + watchSeconds);
        return new ServerSettings(host, port, maxCandidates, maxBody, sessions,
                Duration.ofMillis(Math.round(watchSeconds * 1000)), Duration.ofSeconds(10));
    }
}
