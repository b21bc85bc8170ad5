package org.recllm.cli;

import picocli.CommandLine.Command;

/** {@code recllm rank …}: the LLM as ranker (ReLLa). */
@Command(name = "rank", mixinStandardHelpOptions = true, description = "The LLM as ranker (ReLLa): semantic behaviour retrieval, Yes/No scoring, LoRA tuning.",
        subcommands = {RankRetrieveCommand.class, RankZeroShotCommand.class, RankFinetuneCommand.class})
final class RankCommand {}
