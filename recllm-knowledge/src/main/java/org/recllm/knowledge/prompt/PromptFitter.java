package org.recllm.knowledge.prompt;

import java.util.function.Predicate;

/** Shortens prompts it built until they fit a model's context, dropping the least important listed data first. */
@FunctionalInterface
public interface PromptFitter {
    /**
     * {@code prompt} as it is when it {@code fits}, else the longest shortened version that does; when not even the
     * shortest fits (or the fitter has nothing to drop), the prompt as it is, and the model refuses it.
     */
    EntityPrompt fitted(EntityPrompt prompt, Predicate<String> fits);
}
