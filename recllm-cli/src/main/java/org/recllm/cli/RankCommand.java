package org.recllm.cli;

import picocli.CommandLine.Command;

/** {@code recllm rank …}: the LLM as ranker (ReLLa). */
@Command(name = "rank", mixinStandardHelpOptions = true, description = "The LLM as ranker: ReLLa's semantic behaviour retrieval.",
        subcommands = {RankRetrieveCommand.class})
final class RankCommand {}
