package org.recllm.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.recllm.core.io.BadInputException;
import org.recllm.llm.speculative.PoolTexts;
import org.recllm.llm.speculative.SpeculativeConfig;
import org.recllm.serve.llm.Drafting;
import org.recllm.serve.http.LlmServer;
import org.recllm.serve.http.LlmServerSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code recllm serve llm}: an OpenAI-compatible server for a GGUF model run by the embedded engine. */
@Command(name = "llm", mixinStandardHelpOptions = true,
        description = "Serve a GGUF model over OpenAI's API: /v1/chat/completions and /v1/completions (streamed or "
                + "not), /v1/embeddings, /v1/models, /health, /metrics; requests share the engine's passes "
                + "(continuous batching); with --speculative, DARE drafts from pools of earlier answers per \"user\" group.")
final class ServeLlmCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "M.gguf", description = "GGUF model file.")
    Path model;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on. Default: ${DEFAULT-VALUE}.")
    String host;

    @Option(names = "--port", defaultValue = "8081", description = "Port (0: any free one). Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--parallel", defaultValue = "8", paramLabel = "N",
            description = "Sequences sharing each forward pass. Default: ${DEFAULT-VALUE}.")
    int parallel;

    @Option(names = "--queue", defaultValue = "64", paramLabel = "N",
            description = "Requests that may wait for a place; more get 429. Default: ${DEFAULT-VALUE}.")
    int queue;

    @Mixin
    SpeculativeOptions speculative;

    @Option(names = "--pool", arity = "1..*", paramLabel = "FILE", description = "Earlier generations that requests "
            + "without a \"user\" draft from (with --speculative): one text per line, or JSON Lines with a \"text\" field. "
            + "Requests with a \"user\" draft from that group's earlier answers.")
    List<Path> pools = List.of();

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        if (!Files.isRegularFile(model)) {
            throw new BadInputException(model, "not found; expected a GGUF model file");
        }
        OptionInputs.require(port >= 0 && port <= 65_535, "--port", "expected 0 to 65535, got " + port);
        OptionInputs.require(parallel >= 1, "--parallel", "expected at least 1, got " + parallel);
        OptionInputs.require(queue >= 0, "--queue", "expected 0 or more, got " + queue);
        SpeculativeConfig speculation = speculative.config();
        speculative.validate();
        OptionInputs.require(pools.isEmpty() || speculation.enabled(), "--pool",
                "pools are drafted from only with --speculative strict|relaxed");
        var out = spec.commandLine().getOut();
        LlmServer server = LlmServer.start(model, new LlmServerSettings(host, port, parallel, queue, 4 << 20),
                llm -> speculation.enabled() ? new Drafting(speculative.measured(speculation, llm.transformer()),
                        speculative.poolSettings(), PoolTexts.pool(pools, llm.tokenizer(), speculative.poolSettings()))
                        : Drafting.OFF, ServeCommand.log(out));
        ServeCommand.untilStopped(server, out, String.format("listening on http://%s:%d/v1 (model id %s)", host,
                server.port(), server.modelId()));
        return 0;
    }
}
