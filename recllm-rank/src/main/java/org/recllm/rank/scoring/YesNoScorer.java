package org.recllm.rank.scoring;

import java.util.ArrayList;
import java.util.List;
import org.recllm.llm.LanguageModel;
import org.recllm.llm.model.KvCache;
import org.recllm.llm.model.Logits;
import org.recllm.llm.model.SequenceStep;
import org.recllm.llm.tokenizer.Message;
import org.recllm.llm.train.TrainingSequence;

/**
 * The LLM as a click model: a prompt ending in a Yes/No question, scored as the probability of "Yes" against "No" for
 * the next token (softmax over the two logits), prompts batched through one forward pass each {@code batch} at a time.
 * With a chat template, the question is the user's turn and the answer the assistant's first token.
 */
public final class YesNoScorer {
    private final LanguageModel model;
    private final boolean chat;
    private final int yes;
    private final int no;
    /** Tokens "Yes" and "No" begin with alike (e.g. a lone word-start piece): appended to every prompt. */
    private final int[] sharedPrefix;
    private final int batch;
    private final List<KvCache> caches = new ArrayList<>();
    private long tokensRead;

    public YesNoScorer(LanguageModel model, boolean chat, int batch) {
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be at least 1, got " + batch);
        }
        this.model = model;
        this.chat = chat;
        this.batch = batch;
        int[] yesTokens = model.tokenizer().encode(chat ? "Yes" : " Yes");
        int[] noTokens = model.tokenizer().encode(chat ? "No" : " No");
        int shared = 0;
        while (shared < yesTokens.length && shared < noTokens.length && yesTokens[shared] == noTokens[shared]) {
            shared++;
        }
        if (shared == yesTokens.length || shared == noTokens.length) {
            throw new IllegalArgumentException("the tokenizer cannot tell \"Yes\" from \"No\" by a token: "
                    + java.util.Arrays.toString(yesTokens) + " and " + java.util.Arrays.toString(noTokens));
        }
        this.sharedPrefix = java.util.Arrays.copyOf(yesTokens, shared);
        this.yes = yesTokens[shared];
        this.no = noTokens[shared];
    }

    /**
     * A training sequence for the answer to {@code prompt}: its scored tokens then the Yes or No token, the loss on that
     * last token alone (what {@link #score(List)} reads).
     */
    public TrainingSequence answered(String prompt, boolean answerYes) {
        int[] question = tokens(prompt);
        int context = model.config().contextLength();
        int keep = Math.min(question.length, context - 1);
        int[] tokens = new int[keep + 1];
        System.arraycopy(question, question.length - keep, tokens, 0, keep);
        tokens[keep] = answerYes ? yes : no;
        float[] mask = new float[tokens.length];
        mask[keep] = 1f;
        return new TrainingSequence(tokens, mask, 1);
    }

    /** The token ids read for Yes and No. */
    public int[] answerTokens() {
        return new int[] {yes, no};
    }

    /** The tokens a prompt is scored on: chat-wrapped or followed by "Answer:", then any shared answer prefix. */
    public int[] tokens(String prompt) {
        int[] tokens = chat ? model.chatPrompt(List.of(Message.user(prompt))) : model.prompt(prompt + "\nAnswer:");
        if (sharedPrefix.length == 0) {
            return tokens;
        }
        int[] extended = java.util.Arrays.copyOf(tokens, tokens.length + sharedPrefix.length);
        System.arraycopy(sharedPrefix, 0, extended, tokens.length, sharedPrefix.length);
        return extended;
    }

    /** Prompt tokens read so far (after any cut to the context). */
    public long tokensRead() {
        return tokensRead;
    }

    /** P(Yes) per prompt, in order. */
    public float[] score(List<String> prompts) {
        return score(prompts, null);
    }

    /**
     * P(Yes) per prompt, in order, each prompt's sequence carrying its condition from {@code conditions} (a RecLoRA
     * bank's user representations; null for a model without one).
     */
    public float[] score(List<String> prompts, List<float[]> conditions) {
        float[] scores = new float[prompts.size()];
        int context = model.config().contextLength();
        for (int from = 0; from < prompts.size(); from += batch) {
            int count = Math.min(batch, prompts.size() - from);
            List<SequenceStep> steps = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                int[] tokens = tokens(prompts.get(from + i));
                if (tokens.length > context) {
                    // Keep the question: the history is what gives way.
                    tokens = java.util.Arrays.copyOfRange(tokens, tokens.length - context, tokens.length);
                }
                tokensRead += tokens.length;
                steps.add(new SequenceStep(cache(i, tokens.length), tokens, 1,
                        conditions == null ? null : conditions.get(from + i)));
            }
            Logits logits = model.transformer().prefill(steps);
            for (int i = 0; i < count; i++) {
                float[] data = logits.data();
                int offset = logits.offset(i);
                double y = data[offset + yes];
                double n = data[offset + no];
                double max = Math.max(y, n);
                scores[from + i] = (float) (Math.exp(y - max) / (Math.exp(y - max) + Math.exp(n - max)));
            }
        }
        return scores;
    }

    /** The i-th reusable cache, emptied, with room for {@code length} tokens. */
    private KvCache cache(int i, int length) {
        while (caches.size() <= i) {
            caches.add(null);
        }
        KvCache cache = caches.get(i);
        if (cache == null || cache.capacity() < length) {
            int grown = Math.max(length, cache == null ? 0 : 2 * cache.capacity());
            cache = model.transformer().newCache(Math.min(grown, model.config().contextLength()));
            caches.set(i, cache);
        }
        cache.truncate(0);
        return cache;
    }
}
