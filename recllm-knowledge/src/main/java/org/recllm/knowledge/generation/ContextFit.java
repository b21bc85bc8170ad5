package org.recllm.knowledge.generation;

import java.util.ArrayList;
import java.util.List;
import org.recllm.knowledge.backend.LlmBackend;
import org.recllm.knowledge.prompt.EntityPrompt;
import org.recllm.knowledge.prompt.PromptFitter;
import org.recllm.llm.tokenizer.Message;

/**
 * Prompts fitted to a backend's context before a generation job: a user history longer than the model can read
 * loses its oldest ratings, a cluster prompt its least rated listed items, until the prompt leaves room for the answer
 * ({@link PromptFitter}).
 *
 * @param prompts   the prompts to ask, in the given order
 * @param shortened how many of them lost ratings
 */
public record ContextFit(List<EntityPrompt> prompts, int shortened) {

    /** The least room a fitted prompt leaves for the answer (or the answer's token limit, when smaller). */
    public static final int MIN_ANSWER_TOKENS = 64;

    /** {@code prompts} rendered by {@code source}, each fitted to leave {@code answerTokens} in {@code backend}'s context. */
    public static ContextFit of(List<EntityPrompt> prompts, PromptFitter source, LlmBackend backend, int answerTokens) {
        List<EntityPrompt> fitted = new ArrayList<>(prompts.size());
        int shortened = 0;
        for (EntityPrompt prompt : prompts) {
            EntityPrompt fit = source.fitted(prompt, text -> backend.fits(List.of(Message.user(text)), answerTokens));
            shortened += fit == prompt ? 0 : 1;
            fitted.add(fit);
        }
        return new ContextFit(List.copyOf(fitted), shortened);
    }
}
