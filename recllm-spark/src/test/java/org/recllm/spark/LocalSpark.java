package org.recllm.spark;

import java.io.OutputStream;
import java.io.PrintStream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * A test class's local[2] Spark session (starting one takes seconds), web UI and progress bars off, stopped after
 * the class.
 */
public abstract class LocalSpark {
    /** Where jobs under test write their progress lines. */
    protected static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    protected static SparkSession session;

    @BeforeAll
    static void startSpark() {
        session = SparkSession.builder().master("local[2]").appName("recllm tests")
                .config("spark.ui.enabled", "false")
                .config("spark.ui.showConsoleProgress", "false")
                .config("spark.sql.shuffle.partitions", "4")
                .getOrCreate();
        session.sparkContext().setLogLevel("WARN");
    }

    @AfterAll
    static void stopSpark() {
        session.stop();
    }

    protected static JavaSparkContext context() {
        return JavaSparkContext.fromSparkContext(session.sparkContext());
    }
}
