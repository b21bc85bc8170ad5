package org.recllm.spark;

import java.io.UncheckedIOException;
import org.recllm.core.io.BadInputException;
import org.recllm.knowledge.store.KnowledgeStoreException;
import org.recllm.spark.cluster.SparkClusterCommand;
import org.recllm.spark.encode.SparkEncodeCommand;
import org.recllm.spark.generate.SparkGenerateCommand;
import org.recllm.spark.prepare.SparkConvertCommand;
import org.recllm.spark.prepare.SparkPrepareCommand;
import org.recllm.spark.score.SparkScoreCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code recllm spark …}: the pipeline's jobs on Apache Spark, run locally ({@code --master local[2]}) or under
 * {@code spark-submit} with the jar {@code mvn -Pspark-submit} builds. Errors are one line, as in the rest of the CLI:
 * bad input exits 2, other failures 1; a failure inside a task is reported by its own message, not Spark's wrapping.
 */
@Command(name = "recllm spark", mixinStandardHelpOptions = true,
        description = "Scale-out jobs on Apache Spark: data preparation, batch scoring, knowledge generation, encoding "
                + "and clustering.",
        subcommands = {SparkPrepareCommand.class, SparkConvertCommand.class, SparkScoreCommand.class, SparkGenerateCommand.class,
                SparkEncodeCommand.class, SparkClusterCommand.class})
public final class SparkMain {
    static final int BAD_INPUT = 2;
    static final int FAILED = 1;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        CommandLine line = new CommandLine(new SparkMain());
        line.setExecutionExceptionHandler((error, commandLine, parseResult) -> {
            Throwable cause = TaskFailures.unwrapped(error);
            if (cause instanceof BadInputException) {
                commandLine.getErr().println("error: " + cause.getMessage());
                return BAD_INPUT;
            }
            if (cause instanceof UncheckedIOException || cause instanceof KnowledgeStoreException) {
                commandLine.getErr().println("error: " + cause.getMessage());
                return FAILED;
            }
            commandLine.getErr().println("error: recllm spark failed unexpectedly: " + error);
            error.printStackTrace(commandLine.getErr());
            return FAILED;
        });
        return line;
    }
}
