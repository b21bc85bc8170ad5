package org.recllm.cli;

import java.io.UncheckedIOException;
import org.recllm.core.io.BadInputException;
import org.recllm.knowledge.backend.BackendException;
import org.recllm.knowledge.store.KnowledgeStoreException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code recllm} command: every subcommand is a class of its own in this package. */
@Command(name = "recllm", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "LLM-enhanced recommendation on the JVM.",
        subcommands = {QuickstartCommand.class, DataCommand.class, TrainCommand.class, ReportCommand.class, BenchCommand.class,
                LlmCommand.class, KnowledgeCommand.class, ExperimentCommand.class,
                CommandLine.HelpCommand.class})
public final class RecLlm {

    public static void main(String[] args) {
        CommandLine line = commandLine();
        int code = line.execute(args);
        // Tables end with print(), not println(): flush before exit or a piped run loses them.
        line.getOut().flush();
        line.getErr().flush();
        System.exit(code);
    }

    /** The command line with RecLLM's error handling: bad input is one clear line and exit code 2, not a stack trace. */
    public static CommandLine commandLine() {
        CommandLine line = new CommandLine(new RecLlm());
        line.setExecutionExceptionHandler((error, commandLine, parseResult) -> {
            Throwable cause = error;
            if (cause instanceof BadInputException || cause instanceof UserFacingException) {
                commandLine.getErr().println("error: " + cause.getMessage());
                return 2;
            }
            if (cause instanceof UncheckedIOException || cause instanceof KnowledgeStoreException
                    || cause instanceof BackendException) {
                commandLine.getErr().println("error: " + cause.getMessage());
                return 1;
            }
            throw error;
        });
        return line;
    }
}
