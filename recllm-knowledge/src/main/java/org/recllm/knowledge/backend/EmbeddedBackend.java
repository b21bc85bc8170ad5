package org.recllm.knowledge.backend;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.recllm.llm.LanguageModel;
import org.recllm.llm.generate.BatchGenerator;
import org.recllm.llm.generate.Generator;
import org.recllm.llm.model.Transformer;
import org.recllm.llm.sampling.Sampler;
import org.recllm.llm.sampling.SamplerConfig;
import org.recllm.llm.speculative.PoolSettings;
import org.recllm.llm.speculative.RetrievalPool;
import org.recllm.llm.speculative.SpeculationStats;
import org.recllm.llm.speculative.SpeculativeConfig;
import org.recllm.llm.tokenizer.Message;

/**
 * A GGUF model run by RecLLM's own engine. One conversation runs prefill-then-decode; a batch runs through continuous
 * batching, up to {@code batchWidth} sequences sharing each forward pass, which reads the weights once for all of them.
 * Token counts are the engine's own: the prompt as the chat template renders it (BOS included), and the new tokens.
 * An answer stops at an end-of-turn token, after the requested tokens, or where the model's context is full.
 * The engine runs one pass at a time, so calls from several threads take turns.
 *
 * <p>With speculation on, each group of conversations has a retrieval pool — seeded with earlier answers
 * ({@link #remember}), joined by every new answer — from which drafts are verified in one pass (DARE).
 */
public final class EmbeddedBackend implements LlmBackend {
    private final LanguageModel model;
    private final String modelId;
    private final int batchWidth;
    private final Set<Integer> endTokens;
    private final SpeculativeConfig speculation;
    private final PoolSettings poolSettings;
    private final Map<String, RetrievalPool> pools = new HashMap<>();
    private SpeculationStats stats = SpeculationStats.NONE;

    private EmbeddedBackend(LanguageModel model, String modelId, int batchWidth, SpeculativeConfig speculation,
                            PoolSettings poolSettings) {
        this.model = model;
        this.modelId = modelId;
        this.batchWidth = batchWidth;
        this.endTokens = model.tokenizer().endOfGeneration();
        this.speculation = speculation;
        this.poolSettings = poolSettings;
    }

    /**
     * Opens {@code gguf}; its file name is the model id. {@code batchWidth} 1 answers a batch one conversation after
     * another.
     */
    public static EmbeddedBackend open(Path gguf, int batchWidth) {
        return open(gguf, batchWidth, model -> SpeculativeConfig.off(), PoolSettings.DEFAULT);
    }

    /**
     * As {@link #open(Path, int)}, decoding speculatively with drafts from per-group pools of earlier answers, with the
     * settings {@code speculation} gives for the opened model (pass costs measured on it, say).
     */
    public static EmbeddedBackend open(Path gguf, int batchWidth, Function<Transformer, SpeculativeConfig> speculation,
                                       PoolSettings pools) {
        if (batchWidth < 1) {
            throw new IllegalArgumentException("batch width must be at least 1, got " + batchWidth);
        }
        LanguageModel model = LanguageModel.open(gguf);
        try {
            return new EmbeddedBackend(model, modelIdOf(gguf), batchWidth, speculation.apply(model.transformer()), pools);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** The id answers of {@code gguf} are stored under: its file name, so a moved file keeps its entries. */
    public static String modelIdOf(Path gguf) {
        return gguf.getFileName().toString();
    }

    @Override
    public String modelId() {
        return modelId;
    }

    @Override
    public synchronized int promptTokens(List<Message> conversation) {
        return model.chatPrompt(conversation).length;
    }

    @Override
    public synchronized boolean fits(List<Message> conversation, int answerTokens) {
        return model.chatPrompt(conversation).length + answerTokens <= model.config().contextLength();
    }

    @Override
    public synchronized Completion chat(List<Message> conversation, GenerationSettings settings) {
        int[] prompt = model.chatPrompt(conversation);
        Generator.Result result = new Generator(model.transformer()).generate(prompt, room(prompt, settings),
                new Sampler(sampling(prompt, settings)), endTokens::contains, token -> { });
        return completion(prompt, result.tokens(), result.prefillNanos() + result.decodeNanos());
    }

    @Override
    public synchronized void chatAll(List<List<Message>> conversations, GenerationSettings settings, CompletionSink sink) {
        chatAll(conversations, Collections.nCopies(conversations.size(), ""), settings, sink);
    }

    @Override
    public synchronized void chatAll(List<List<Message>> conversations, List<String> groups, GenerationSettings settings,
                                     CompletionSink sink) {
        if (groups.size() != conversations.size()) {
            throw new IllegalArgumentException(groups.size() + " groups for " + conversations.size() + " conversations");
        }
        if (batchWidth == 1 && !speculation.enabled()) {
            for (int i = 0; i < conversations.size(); i++) {
                Completion completion;
                try {
                    completion = chat(conversations.get(i), settings);
                } catch (BackendException e) {
                    throw e.inConversation(i);
                }
                sink.accept(i, completion);
                stopIfInterrupted(i + 1);
            }
            return;
        }
        List<int[]> prompts = new ArrayList<>();
        List<BatchGenerator.Request> requests = new ArrayList<>();
        for (int i = 0; i < conversations.size(); i++) {
            int[] prompt = model.chatPrompt(conversations.get(i));
            int room;
            try {
                room = room(prompt, settings);
            } catch (BackendException e) {
                throw e.inConversation(i);
            }
            prompts.add(prompt);
            requests.add(new BatchGenerator.Request(prompt, room, sampling(prompt, settings), endTokens::contains,
                    speculation.enabled() ? pool(groups.get(i)) : null));
        }
        BatchGenerator generator = new BatchGenerator(model.transformer(), speculation);
        try {
            generator.generate(requests, batchWidth, done -> {
                sink.accept(done.index(), completion(prompts.get(done.index()), done.tokens(), done.nanos()));
                stopIfInterrupted(done.index() + 1);
            });
        } finally {
            stats = stats.plus(generator.stats());
        }
    }

    @Override
    public boolean drafts() {
        return speculation.enabled();
    }

    @Override
    public synchronized void remember(String group, String answer) {
        if (speculation.enabled()) {
            pool(group).add(model.tokenizer().encode(answer));
        }
    }

    /** What speculation did over every batch so far. */
    public synchronized SpeculationStats speculationStats() {
        return stats;
    }

    /** How many groups have a pool. */
    public synchronized int poolCount() {
        return pools.size();
    }

    private RetrievalPool pool(String group) {
        return pools.computeIfAbsent(group, g -> new RetrievalPool(poolSettings));
    }

    /** How many tokens the answer may have: as asked, but never past the model's context. */
    private int room(int[] prompt, GenerationSettings settings) {
        int context = model.config().contextLength();
        if (prompt.length >= context) {
            throw new BackendException("the prompt has " + prompt.length + " tokens, and " + modelId + " has a context of "
                    + context + ": no room for an answer", null);
        }
        return Math.min(settings.maxTokens(), context - prompt.length);
    }

    /** Greedy, or sampled with a stream that depends on the seed and the prompt only, not on the batch around it. */
    private static SamplerConfig sampling(int[] prompt, GenerationSettings settings) {
        if (settings.temperature() == 0f) {
            return SamplerConfig.greedy();
        }
        SamplerConfig defaults = SamplerConfig.defaults(settings.seed() * 31 + Arrays.hashCode(prompt));
        return new SamplerConfig(settings.temperature(), defaults.topK(), defaults.topP(), defaults.minP(),
                defaults.repeatPenalty(), defaults.repeatWindow(), defaults.seed());
    }

    private Completion completion(int[] prompt, int[] tokens, long nanos) {
        return new Completion(model.tokenizer().decode(tokens).strip(), prompt.length, tokens.length, nanos / 1_000_000);
    }

    /** An interrupted batch stops between answers, so the caller keeps what was answered. */
    private static void stopIfInterrupted(int answered) {
        if (Thread.currentThread().isInterrupted()) {
            throw new BackendException("interrupted after " + answered + " answers", null);
        }
    }

    @Override
    public void close() {
        model.close();
    }
}
