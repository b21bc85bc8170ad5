package org.recllm.cli;

import picocli.CommandLine.Command;

/** {@code recllm serve …}: the HTTP servers. */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Serve models over HTTP.",
        subcommands = {ServeCtrCommand.class, ServeLlmCommand.class})
final class ServeCommand {}
