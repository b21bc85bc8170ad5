package org.recllm.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.recllm.core.io.AtomicFiles;
import org.recllm.core.io.BadInputException;
import org.recllm.knowledge.store.KnowledgeStore;
import org.recllm.knowledge.store.StoreLocation;
import org.recllm.serve.bundle.ModelBundle;
import org.recllm.serve.http.ExplorerServer;
import org.recllm.serve.ui.ExplorerData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code recllm serve ui}: a web page to look inside a trained setup. */
@Command(name = "ui", mixinStandardHelpOptions = true,
        description = "A web page for a trained setup: pick a user, see their history and knowledge text and the top "
                + "items of each bundle (e.g. without and with knowledge) with scores and knowledge texts; KAR reports "
                + "as charts.")
final class ServeUiCommand implements Callable<Integer> {
    @Option(names = "--bundle", required = true, split = ",", paramLabel = "DIR",
            description = "Bundles to compare (recllm train --save), e.g. deepfm,deepfm-with-knowledge.")
    List<Path> bundles;

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "The dataset folder (item titles).")
    Path data;

    @Option(names = "--knowledge", paramLabel = "STORE", description = "Knowledge store whose texts to show.")
    StoreLocation knowledge;

    @Option(names = "--report", arity = "1..*", paramLabel = "FILE.json", description = "experiment kar reports to chart.")
    List<Path> reports = List.of();

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on. Default: ${DEFAULT-VALUE}.")
    String host;

    @Option(names = "--port", defaultValue = "8082", description = "Port (0: any free one). Default: ${DEFAULT-VALUE}.")
    int port;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        OptionInputs.require(port >= 0 && port <= 65_535, "--port", "expected 0 to 65535, got " + port);
        List<JsonNode> charts = new ArrayList<>();
        for (Path report : reports) {
            try {
                charts.add(AtomicFiles.JSON.readTree(report.toFile()));
            } catch (IOException e) {
                throw new BadInputException(report, "is not a readable JSON report: " + e.getMessage());
            }
        }
        List<ModelBundle> loaded = bundles.stream().map(ModelBundle::load).toList();
        KnowledgeStore store = knowledge == null ? null : knowledge.openExisting();
        ExplorerServer server = ExplorerServer.start(new ExplorerData(loaded, data, store, charts), host, port);
        var out = spec.commandLine().getOut();
        ServeCommand.untilStopped(() -> {
            server.close();
            if (store != null) {
                store.close();
            }
        }, out, String.format("explorer on http://%s:%d/", host, server.port()));
        return 0;
    }
}
