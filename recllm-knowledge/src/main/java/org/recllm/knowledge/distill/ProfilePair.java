package org.recllm.knowledge.distill;

import java.util.List;
import org.recllm.knowledge.prompt.EntityPrompt;
import org.recllm.llm.tokenizer.ChatTemplate;
import org.recllm.llm.tokenizer.Message;
import org.recllm.llm.train.CorpusExample;

/** One instruction → answer pair: the prompt KAR asks about an entity, and the teacher's profile of it. */
public record ProfilePair(EntityPrompt prompt, String profile) {

    public ProfilePair {
        if (prompt == null || profile == null) {
            throw new IllegalArgumentException("prompt and profile are required");
        }
    }

    /**
     * The pair as a training example, its prompt rendered by {@code chat} as one user turn: exactly the tokens the
     * engine feeds the model when {@code knowledge generate} asks this prompt, so the student learns to answer where
     * it will be asked.
     */
    public CorpusExample example(ChatTemplate chat) {
        return new CorpusExample(chat.render(List.of(Message.user(prompt.text()))), profile);
    }
}
