package org.recllm.cli;

import java.io.UncheckedIOException;
import java.util.List;
import java.util.regex.Pattern;
import org.recllm.core.io.BadInputException;
import org.recllm.core.jit.JitDirectives;
import org.recllm.core.kernels.Sgemm;
import org.recllm.knowledge.backend.BackendException;
import org.recllm.knowledge.store.KnowledgeStoreException;
import org.recllm.knowledge.store.StoreLocation;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code recllm} command: every subcommand is a class of its own in this package. */
@Command(name = "recllm", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"LLM-enhanced recommendation on the JVM.",
                "Scale-out jobs on Apache Spark: recllm spark --help (docs/spark.md)."},
        subcommands = {QuickstartCommand.class, DataCommand.class, TrainCommand.class, ReportCommand.class, BenchCommand.class,
                LlmCommand.class, KnowledgeCommand.class, ExperimentCommand.class, RankCommand.class, ServeCommand.class,
                ScoreCommand.class,
                CommandLine.HelpCommand.class})
public final class RecLlm {
    /** Exit code of a failure the user can fix from the message: bad input, a missing dataset. */
    static final int BAD_INPUT = 2;
    /** Exit code of an environment failure (disk, lock, network) and of an internal error. */
    static final int FAILED = 1;
    /** A Java class name such as {@code java.io.FileNotFoundException: }, which means nothing to a user. */
    private static final Pattern TYPE_NAME = Pattern.compile("\\b(?:[a-z_$][\\w$]*\\.)+[A-Z][\\w$]*(?:Exception|Error)(?::\\s*)?");

    public static void main(String[] args) {
        JitDirectives.installInBackground();
        CommandLine line = commandLine();
        int code = execute(line, CrashLog.standard(), args);
        // Tables end with print(), not println(): flush before exit or a piped run loses them.
        line.getOut().flush();
        line.getErr().flush();
        System.exit(code);
    }

    /** Runs the command line; an Error picocli hands past the handler ends the same way as an exception. */
    static int execute(CommandLine line, CrashLog log, String[] args) {
        try {
            Sgemm.microKernelRows();
            return line.execute(args);
        } catch (ExceptionInInitializerError error) {
            // A bad -D flag read while a class initialises (-Drecllm.gemm.rows, read first thing above) is bad input.
            if (error.getCause() instanceof BadInputException bad) {
                line.getErr().println("error: " + userMessage(bad));
                return BAD_INPUT;
            }
            return unexpected(error, line, log, args);
        } catch (Throwable error) {
            return unexpected(error, line, log, args);
        }
    }

    public static CommandLine commandLine() {
        return commandLine(CrashLog.standard());
    }

    /**
     * The command line with RecLLM's error contract: every failure is one line starting {@code error: } without an
     * exception type or stack trace; bad input exits 2, anything else 1, and an unexpected failure's details go to a
     * log file that the line names.
     */
    static CommandLine commandLine(CrashLog log) {
        CommandLine line = new CommandLine(new RecLlm());
        line.registerConverter(StoreLocation.class, text -> {
            try {
                return StoreLocation.parse(text);
            } catch (BadInputException e) {
                throw new CommandLine.TypeConversionException(e.problem());
            }
        });
        line.setExecutionExceptionHandler((error, commandLine, parseResult) -> {
            if (error instanceof BadInputException || error instanceof UserFacingException) {
                commandLine.getErr().println("error: " + userMessage(error));
                return BAD_INPUT;
            }
            if (error instanceof UncheckedIOException || error instanceof KnowledgeStoreException
                    || error instanceof BackendException) {
                commandLine.getErr().println("error: " + userMessage(error));
                return FAILED;
            }
            return unexpected(error, commandLine, log, parseResult.originalArgs().toArray(String[]::new));
        });
        return line;
    }

    private static int unexpected(Throwable error, CommandLine line, CrashLog log, String[] args) {
        String details = log.record(error, List.of(args))
                .map(file -> "; details are in " + file + " (please attach it to a bug report)")
                .orElse("; no log could be written");
        line.getErr().println("error: recllm failed unexpectedly: " + userMessage(error) + details);
        return FAILED;
    }

    /** The message without Java type names; a failure without a message is described by what it is. */
    static String userMessage(Throwable error) {
        String message = error.getMessage() == null ? "" : TYPE_NAME.matcher(error.getMessage()).replaceAll("").strip();
        if (error instanceof OutOfMemoryError) {
            return "out of memory (" + message + "); give it more with RECLLM_HEAP";
        }
        return message.isEmpty() ? "an internal error" : message;
    }
}
