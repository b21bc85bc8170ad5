package org.recllm.spark.encode;

import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.recllm.core.progress.Progress;
import org.recllm.knowledge.encoder.EncodingJob;
import org.recllm.knowledge.encoder.EncodingReport;
import org.recllm.knowledge.encoder.SentenceEncoder;
import org.recllm.knowledge.encoder.SentenceEncoders;
import org.recllm.knowledge.store.KnowledgeStore;
import org.recllm.knowledge.store.StoreLocation;
import org.recllm.spark.SharedStores;
import org.recllm.spark.TaskFailures;

/**
 * Sentence encoding spread over executors: the entries of a shared store that the encoder has not encoded are cut
 * into shares of consecutive ids, one per task, and each task encodes its share with its own encoder and commits
 * each batch's vectors. A retried task encodes only what its share still lacks; a vector stored twice is replaced,
 * never duplicated.
 */
public final class DistributedEncoding {
    private final JavaSparkContext context;
    private final int partitions;

    public DistributedEncoding(JavaSparkContext context, int partitions) {
        this.context = context;
        this.partitions = partitions;
    }

    /** A share: the pending entries with an id above {@code afterId} and at most {@code lastId}. */
    record Share(long afterId, long lastId) implements Serializable {}

    /** Encodes every pending entry of {@code store} with encoder {@code encoder} (as {@code knowledge encode} names it). */
    public long run(StoreLocation store, String encoder, int batch) {
        String url = SharedStores.requireShared(store);
        long[] pending;
        try (KnowledgeStore knowledge = store.openExisting()) {
            pending = knowledge.idsWithoutEmbedding(SentenceEncoders.idOf(encoder));
        }
        if (pending.length == 0) {
            return 0;
        }
        List<Share> shares = shares(pending, partitions);
        return TaskFailures.unwrapping(() -> context.parallelize(shares, shares.size())
                .map(share -> encode(StoreLocation.parse(url), encoder, batch, share))
                .reduce(Long::sum));
    }

    /** Consecutive ids in {@code parts} shares of (nearly) equal counts. */
    static List<Share> shares(long[] ids, int parts) {
        int count = Math.min(parts, ids.length);
        List<Share> shares = new ArrayList<>(count);
        long after = 0;
        for (int p = 0; p < count; p++) {
            int end = (int) ((long) ids.length * (p + 1) / count);
            shares.add(new Share(after, ids[end - 1]));
            after = ids[end - 1];
        }
        return shares;
    }

    private static long encode(StoreLocation location, String encoder, int batch, Share share) {
        try (KnowledgeStore store = location.open(); SentenceEncoder sentences = SentenceEncoders.open(encoder);
             PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
             Progress progress = Progress.toLog("encode", "entries", share.lastId() - share.afterId(), quiet)) {
            EncodingReport report = EncodingJob.encodePending(store, sentences, batch, share.afterId(), share.lastId(),
                    progress);
            return report.encoded();
        }
    }
}
