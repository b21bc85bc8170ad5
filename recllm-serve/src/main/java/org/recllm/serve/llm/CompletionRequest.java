package org.recllm.serve.llm;

import java.util.List;
import org.recllm.llm.sampling.SamplerConfig;
import org.recllm.llm.tokenizer.Message;

/**
 * An OpenAI chat or text completion request, checked: the conversation (chat) or the prompt (text), how many new
 * tokens at most (null: as many as the context leaves), how to sample, where to stop (with llama.cpp's
 * {@code ignore_eos}, never at an end-of-turn token: for measuring), how to answer, and the group whose earlier
 * answers it drafts from when the server decodes speculatively (OpenAI's {@code user} field; null: the seed pool).
 */
public record CompletionRequest(List<Message> messages, String prompt, Integer maxTokens, SamplerConfig sampling,
                                List<String> stops, boolean ignoreEos, boolean stream, boolean includeUsage, String group) {

    public CompletionRequest {
        messages = messages == null ? null : List.copyOf(messages);
        stops = List.copyOf(stops);
    }

    public boolean chat() {
        return messages != null;
    }
}
