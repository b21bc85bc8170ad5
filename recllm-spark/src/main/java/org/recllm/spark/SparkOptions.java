package org.recllm.spark;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.recllm.core.io.BadInputException;
import picocli.CommandLine.Option;

/** Where a job runs: the Spark master and extra settings, shared by every {@code recllm spark} command. */
public final class SparkOptions {
    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master, e.g. local[2] or spark://host:7077. Default: spark-submit's, else local[*].")
    String master;

    @Option(names = "--conf", paramLabel = "KEY=VALUE", description = "A Spark setting (repeatable), e.g. "
            + "spark.sql.shuffle.partitions=64.")
    Map<String, String> conf = new LinkedHashMap<>();

    @Option(names = "--partitions", paramLabel = "N",
            description = "Partitions of the distributed data. Default: twice the default parallelism.")
    Integer partitions;

    /** A session for job {@code name}; the web UI is off unless --conf turns it on. */
    public SparkSession open(String name) {
        SparkConf given = new SparkConf();
        SparkSession.Builder builder = SparkSession.builder().appName("recllm " + name)
                .config("spark.ui.enabled", "false")
                .config("spark.ui.showConsoleProgress", "false");
        if (master != null) {
            builder.master(master);
        } else if (!given.contains("spark.master")) {
            builder.master("local[*]");
        }
        conf.forEach(builder::config);
        SparkSession session = builder.getOrCreate();
        session.sparkContext().setLogLevel("WARN");
        return session;
    }

    /** Runs {@code job} in a session for job {@code name}, stopped afterwards whatever happens. */
    public <T> T run(String name, Function<SparkSession, T> job) {
        SparkSession session = open(name);
        try {
            return job.apply(session);
        } finally {
            session.stop();
        }
    }

    /** The number of partitions to spread data over in {@code session}. */
    public int partitions(SparkSession session) {
        if (partitions != null) {
            if (partitions < 1) {
                throw new BadInputException("--partitions", 0, null, "expected at least 1, got " + partitions);
            }
            return partitions;
        }
        return 2 * session.sparkContext().defaultParallelism();
    }
}
