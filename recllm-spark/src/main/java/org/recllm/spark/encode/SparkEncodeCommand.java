package org.recllm.spark.encode;

import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import org.recllm.core.io.BadInputException;
import org.recllm.knowledge.encoder.SentenceEncoders;
import org.recllm.knowledge.store.StoreLocation;
import org.recllm.spark.SparkOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code recllm spark encode}: {@code knowledge encode} spread over executors, on a shared store. */
@Command(name = "encode", mixinStandardHelpOptions = true,
        description = "Encode every entry of a shared PostgreSQL knowledge store that the encoder has not encoded yet, "
                + "in shares of consecutive entries on Spark executors; each batch committed, so a rerun resumes.")
public final class SparkEncodeCommand implements Callable<Integer> {
    @Mixin
    SparkOptions spark;

    @Option(names = "--store", required = true, paramLabel = "URL", description = "Shared knowledge store: jdbc:postgresql://….")
    String store;

    @Option(names = "--encoder", defaultValue = SentenceEncoders.MINILM, paramLabel = "minilm|DIR|M.gguf",
            description = "Encoder, as knowledge encode takes it (a folder or file every executor can read). Default: ${DEFAULT-VALUE}.")
    String encoder;

    @Option(names = "--batch", defaultValue = "32", paramLabel = "N", description = "Texts per model run and per commit. "
            + "Default: ${DEFAULT-VALUE}.")
    int batch;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (batch < 1 || batch > 4096) {
            throw new BadInputException("--batch", 0, null, "expected 1 to 4096, got " + batch);
        }
        StoreLocation location = StoreLocation.parse(store);
        long started = System.nanoTime();
        long encoded = spark.run("encode", session -> new DistributedEncoding(
                JavaSparkContext.fromSparkContext(session.sparkContext()), spark.partitions(session))
                .run(location, encoder, batch));
        double seconds = (System.nanoTime() - started) / 1e9;
        spec.commandLine().getOut().printf(Locale.ROOT, "encoded %,d entries with %s in %.1f s (%.1f entries/s)%n",
                encoded, SentenceEncoders.idOf(encoder), seconds, encoded / seconds);
        return 0;
    }
}
