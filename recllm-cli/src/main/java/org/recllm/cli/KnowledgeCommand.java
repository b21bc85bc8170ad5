package org.recllm.cli;

import picocli.CommandLine.Command;

/** {@code recllm knowledge …}: LLM knowledge about users and items: generated or imported, and its sentence embeddings. */
@Command(name = "knowledge", mixinStandardHelpOptions = true,
        description = "Generate, import, encode and inspect LLM knowledge about users and items (a SQLite store).",
        subcommands = {KnowledgeGenerateCommand.class, KnowledgePromptsCommand.class, KnowledgeImportCommand.class,
                KnowledgeFallbackCommand.class, KnowledgeEncodeCommand.class, KnowledgeShowCommand.class,
                KnowledgeStatsCommand.class, KnowledgeClusterCommand.class, KnowledgeCodesCommand.class,
                KnowledgeUpdateCommand.class})
final class KnowledgeCommand {}
