package org.recllm.cli;

import picocli.CommandLine.Command;

/** {@code recllm experiment …}: the paper comparisons, end to end. */
@Command(name = "experiment", mixinStandardHelpOptions = true, description = "Run the paper comparisons.",
        subcommands = {ExperimentKarCommand.class, ExperimentCtrlCommand.class})
final class ExperimentCommand {}
