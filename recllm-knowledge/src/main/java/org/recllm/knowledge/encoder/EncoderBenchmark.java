package org.recllm.knowledge.encoder;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Where an encoder's time goes, on the same batches of texts: the whole encoder, the tokenizer alone, and ONNX Runtime
 * alone on batches tokenized beforehand (so encoder minus ONNX Runtime is the cost of tokenizing, tensors and pooling).
 * For all-MiniLM-L6-v2 it also times langchain4j's own embedding model on the same texts.
 */
public final class EncoderBenchmark {
    private EncoderBenchmark() {}

    public static List<EncoderThroughput> measure(OnnxSentenceEncoder encoder, List<String> texts, int batchSize) {
        List<List<String>> batches = new ArrayList<>();
        for (int start = 0; start < texts.size(); start += batchSize) {
            batches.add(texts.subList(start, Math.min(texts.size(), start + batchSize)));
        }
        List<TokenBatch> tokenized = batches.stream().map(encoder::tokenize).toList();
        List<EncoderThroughput> results = new ArrayList<>();
        results.add(time("recllm encoder (tokenize, ONNX Runtime, mean pooling)", texts.size(), batches, encoder::encode));
        results.add(time("ONNX Runtime alone on pre-tokenized batches", texts.size(), tokenized, encoder::tokenStates));
        results.add(time("tokenizer alone", texts.size(), batches, encoder::tokenize));
        if (encoder.id().equals(OnnxSentenceEncoder.MINILM_ID)) {
            AllMiniLmL6V2EmbeddingModel langchain4j = new AllMiniLmL6V2EmbeddingModel();
            List<List<TextSegment>> segments = batches.stream()
                    .map(batch -> batch.stream().map(TextSegment::from).toList()).toList();
            results.add(time("langchain4j AllMiniLmL6V2EmbeddingModel.embedAll", texts.size(), segments,
                    langchain4j::embedAll));
        }
        return results;
    }

    /** One warm-up batch (JIT, ONNX Runtime's first-run allocations), then every batch timed. */
    private static <T> EncoderThroughput time(String path, int texts, List<T> batches, Consumer<T> work) {
        work.accept(batches.getFirst());
        long start = System.nanoTime();
        for (T batch : batches) {
            work.accept(batch);
        }
        return new EncoderThroughput(path, texts, (System.nanoTime() - start) / 1e9);
    }
}
