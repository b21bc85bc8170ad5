package org.recllm.cli;

import picocli.CommandLine.Command;

/** {@code recllm bench …}: throughput measurements, printed and written as JSON. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Measure throughput.",
        subcommands = {BenchCtrCommand.class, BenchCtrlCommand.class, BenchEncoderCommand.class, BenchSpeculativeCommand.class,
                BenchDraftsCommand.class, BenchServeCommand.class, BenchKMeansCommand.class,
                BenchLightGcnCommand.class})
final class BenchCommand {}
