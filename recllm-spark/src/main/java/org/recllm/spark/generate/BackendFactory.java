package org.recllm.spark.generate;

import java.io.Serializable;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.recllm.knowledge.backend.Completion;
import org.recllm.knowledge.backend.CompletionSink;
import org.recllm.knowledge.backend.EmbeddedBackend;
import org.recllm.knowledge.backend.GenerationSettings;
import org.recllm.knowledge.backend.LlmBackend;
import org.recllm.knowledge.backend.OpenAiCompatibleBackend;
import org.recllm.knowledge.backend.OpenAiSettings;
import org.recllm.knowledge.backend.RetryPolicy;
import org.recllm.llm.tokenizer.Message;

/** How a task reaches its LLM: shipped to executors, opened there. */
public interface BackendFactory extends Serializable {
    /** The backend for partition {@code partition}; the caller closes it. */
    LlmBackend open(int partition);

    /**
     * The embedded engine on a GGUF file every executor can read at {@code gguf}: loaded once per executor JVM and
     * shared by its tasks (the engine batches each task's prompts; tasks take turns), never closed by a task.
     */
    static BackendFactory embedded(Path gguf, int batchWidth) {
        String file = gguf.toAbsolutePath().toString();
        return partition -> new Shared(Engines.get(file, batchWidth));
    }

    /**
     * A pool of OpenAI-compatible servers serving {@code model}: partition p talks to {@code baseUrls[p mod n]}, with
     * up to {@code concurrency} requests open.
     */
    static BackendFactory openAi(List<URI> baseUrls, String model, String apiKeyEnv, int concurrency) {
        List<URI> urls = List.copyOf(baseUrls);
        return partition -> OpenAiCompatibleBackend.open(new OpenAiSettings(urls.get(partition % urls.size()), model,
                apiKeyEnv, Duration.ofMinutes(5), concurrency, RetryPolicy.standard()));
    }

    /** The engines loaded in this JVM, by file and batch width. */
    final class Engines {
        private static final Map<String, EmbeddedBackend> LOADED = new ConcurrentHashMap<>();

        private Engines() {}

        static EmbeddedBackend get(String gguf, int batchWidth) {
            return LOADED.computeIfAbsent(gguf + "#" + batchWidth, key -> EmbeddedBackend.open(Path.of(gguf), batchWidth));
        }
    }

    /** A JVM-wide engine lent to one task: closing it ends the loan, not the engine. */
    record Shared(EmbeddedBackend engine) implements LlmBackend {
        @Override
        public String modelId() {
            return engine.modelId();
        }

        @Override
        public boolean fits(List<Message> conversation, int answerTokens) {
            return engine.fits(conversation, answerTokens);
        }

        @Override
        public int promptTokens(List<Message> conversation) {
            return engine.promptTokens(conversation);
        }

        @Override
        public Completion chat(List<Message> conversation,
                                                            GenerationSettings settings) {
            return engine.chat(conversation, settings);
        }

        @Override
        public void chatAll(List<List<Message>> conversations,
                            GenerationSettings settings,
                            CompletionSink sink) {
            engine.chatAll(conversations, settings, sink);
        }

        @Override
        public void close() {}
    }
}
