package org.recllm.cli;

import picocli.CommandLine.Command;

/** {@code recllm data …}: datasets into sample stores, and stores out to peers. */
@Command(name = "data", description = "Prepare, export and inspect sample stores.",
        mixinStandardHelpOptions = true,
        subcommands = {PrepareCommand.class, ConvertCommand.class, SynthCommand.class, SynthLogCommand.class, ExportCommand.class,
                StatsCommand.class})
final class DataCommand {}
