package org.recllm.knowledge.encoder;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Where an encoder's time goes, on the same batches of the same texts. In order: the whole encoder; ONNX Runtime
 * called directly, one padded batch per run with default session settings (the baseline a plain caller gets); ONNX
 * Runtime alone on the encoder's own runs (encoder minus this is tokenizing and pooling); the tokenizer alone; and, for
 * all-MiniLM-L6-v2, langchain4j's embedding model, which does less work: it cuts texts at 128 word pieces. The ONNX
 * Runtime rows get their texts tokenized beforehand. An encoder that does not run on ONNX Runtime (LLM hidden-state
 * pooling) has only the first path.
 *
 * <p>Each round times every path once, in turn, and a path's figure is its fastest round: on a machine shared with
 * other jobs, interleaving spreads their load over all paths, and the minimum is the run they disturbed least.
 */
public final class EncoderBenchmark {
    /** The baseline path: what a plain caller of ONNX Runtime gets. */
    public static final String ONNX_DIRECT = "ONNX Runtime direct: a padded batch per run, default settings";

    private EncoderBenchmark() {}

    public static List<EncoderThroughput> measure(SentenceEncoder encoder, List<String> texts, int batchSize, int rounds) {
        if (rounds < 1) {
            throw new IllegalArgumentException("rounds must be at least 1, got " + rounds);
        }
        List<List<String>> batches = new ArrayList<>();
        for (int start = 0; start < texts.size(); start += batchSize) {
            batches.add(texts.subList(start, Math.min(texts.size(), start + batchSize)));
        }
        Map<String, Pass<?>> paths = new LinkedHashMap<>();
        if (!(encoder instanceof OnnxSentenceEncoder onnx)) {
            paths.put("recllm encoder " + encoder.id(), new Pass<>(batches, encoder::encode));
            return time(paths, texts.size(), rounds);
        }
        List<List<TokenizedText>> tokenized = batches.stream().map(onnx::tokenize).toList();
        List<PaddedBatch> padded = tokenized.stream().map(PaddedBatch::of).toList();
        try (OrtSession plain = onnx.openDefaultSession()) {
            paths.put("recllm encoder (tokenize, per-text runs on " + Runtime.getRuntime().availableProcessors()
                    + " workers, mean pooling)", new Pass<>(batches, onnx::encode));
            paths.put(ONNX_DIRECT, new Pass<>(padded,
                    batch -> onnx.tokenStates(plain, batch.ids(), batch.mask(), batch.typeIds(), batch.rows(), batch.length())));
            paths.put("ONNX Runtime alone on the encoder's runs", new Pass<>(tokenized,
                    batch -> onnx.onWorkers(batch, onnx::tokenStates)));
            paths.put("tokenizer alone", new Pass<>(batches, onnx::tokenize));
            if (onnx.id().equals(OnnxSentenceEncoder.MINILM_ID)) {
                AllMiniLmL6V2EmbeddingModel langchain4j = new AllMiniLmL6V2EmbeddingModel();
                List<List<TextSegment>> segments = batches.stream()
                        .map(batch -> batch.stream().map(TextSegment::from).toList()).toList();
                // It keeps the bundled tokenizer.json's truncation, so it reads 128 word pieces of each text, not 256.
                paths.put("langchain4j AllMiniLmL6V2EmbeddingModel.embedAll (first 128 word pieces)",
                        new Pass<>(segments, langchain4j::embedAll));
            }
            return time(paths, texts.size(), rounds);
        } catch (OrtException e) {
            throw new IllegalStateException("could not open a second session on " + onnx.id(), e);
        }
    }

    private static List<EncoderThroughput> time(Map<String, Pass<?>> paths, int texts, int rounds) {
        paths.values().forEach(Pass::warmUp);
        double[] fastest = new double[paths.size()];
        Arrays.fill(fastest, Double.MAX_VALUE);
        for (int round = 0; round < rounds; round++) {
            int path = 0;
            for (Pass<?> pass : paths.values()) {
                fastest[path] = Math.min(fastest[path], pass.seconds());
                path++;
            }
        }
        List<EncoderThroughput> results = new ArrayList<>();
        int path = 0;
        for (String name : paths.keySet()) {
            results.add(new EncoderThroughput(name, texts, fastest[path++]));
        }
        return results;
    }

    /** One way of encoding every batch. */
    private record Pass<T>(List<T> batches, Consumer<T> work) {
        /** The first batch once: JIT compilation and ONNX Runtime's first-run allocations stay out of the timings. */
        void warmUp() {
            work.accept(batches.getFirst());
        }

        double seconds() {
            long start = System.nanoTime();
            batches.forEach(work);
            return (System.nanoTime() - start) / 1e9;
        }
    }

    /** Token rows padded to the longest, row-major, as one model run takes them. */
    private record PaddedBatch(long[] ids, long[] mask, long[] typeIds, int rows, int length) {
        static PaddedBatch of(List<TokenizedText> texts) {
            int length = texts.stream().mapToInt(TokenizedText::length).max().orElse(0);
            long[] ids = new long[texts.size() * length];
            long[] mask = new long[texts.size() * length];
            long[] typeIds = new long[texts.size() * length];
            for (int row = 0; row < texts.size(); row++) {
                TokenizedText text = texts.get(row);
                System.arraycopy(text.ids(), 0, ids, row * length, text.length());
                System.arraycopy(text.typeIds(), 0, typeIds, row * length, text.length());
                Arrays.fill(mask, row * length, row * length + text.length(), 1);
            }
            return new PaddedBatch(ids, mask, typeIds, texts.size(), length);
        }
    }
}
