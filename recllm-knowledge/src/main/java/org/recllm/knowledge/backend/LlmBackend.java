package org.recllm.knowledge.backend;

import java.util.List;
import org.recllm.llm.tokenizer.Message;

/** A language model that answers chat conversations: embedded in this JVM, or behind an HTTP API. */
public interface LlmBackend extends AutoCloseable {

    /** The model id recorded with every answer, e.g. {@code stories260K.gguf} or {@code gpt-4o-mini}. */
    String modelId();

    /**
     * Whether {@code conversation} leaves room for an answer of {@code answerTokens} tokens in the model's context.
     * A backend that cannot tell (a remote server) says yes, and the server decides.
     */
    default boolean fits(List<Message> conversation, int answerTokens) {
        return true;
    }

    /** How many tokens {@code conversation} takes in the model's chat format, or -1 when the backend cannot tell. */
    default int promptTokens(List<Message> conversation) {
        return -1;
    }

    /** The answer to one conversation; a failure is a {@link BackendException}. */
    Completion chat(List<Message> conversation, GenerationSettings settings);

    /**
     * Answers every conversation, as many at a time as the backend allows, handing each answer to {@code sink} as it
     * arrives. At the first failure no further conversation starts; the ones under way finish (and reach the sink),
     * then the failure is thrown as a {@link BackendException} naming the conversation. What the sink throws ends the
     * batch the same way and is rethrown as it is.
     */
    void chatAll(List<List<Message>> conversations, GenerationSettings settings, CompletionSink sink);

    /**
     * As {@link #chatAll(List, GenerationSettings, CompletionSink)}, with each conversation's group: conversations of
     * one group ask about similar entities, so a backend that drafts from earlier answers ({@link #drafts()}) keeps one
     * pool per group. Others ignore the groups.
     */
    default void chatAll(List<List<Message>> conversations, List<String> groups, GenerationSettings settings,
                         CompletionSink sink) {
        chatAll(conversations, settings, sink);
    }

    /** Whether answers are drafted from earlier ones (speculative decoding), so earlier answers are worth giving it. */
    default boolean drafts() {
        return false;
    }

    /** An earlier answer about an entity of {@code group}, to draft from; ignored by a backend that does not draft. */
    default void remember(String group, String answer) {}

    @Override
    void close();
}
