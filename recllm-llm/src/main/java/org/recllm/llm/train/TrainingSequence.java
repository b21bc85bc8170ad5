package org.recllm.llm.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.recllm.llm.tokenizer.Tokenizer;

/**
 * One example, or one window of a long example, as the decoder trains on it: its tokens with the loss mask on the
 * text and EOS ({@code lossMask} null when everything after the first token counts; see {@link #windows}). {@code condition} is what
 * a conditioned adapter reads for this sequence ({@link ProjectionAdapter#begin}), null for none.
 */
public record TrainingSequence(int[] tokens, float[] lossMask, int lossTokens, float[] condition) {

    public TrainingSequence(int[] tokens, float[] lossMask, int lossTokens) {
        this(tokens, lossMask, lossTokens, null);
    }

    /** The forward pass's rows: every token but the last predicts its successor. */
    public int predictions() {
        return tokens.length - 1;
    }

    /** This sequence with {@code condition}. */
    public TrainingSequence withCondition(float[] condition) {
        return new TrainingSequence(tokens, lossMask, lossTokens, condition);
    }

    /**
     * The sequences of {@code example}: BOS, the prompt's tokens, the text's tokens and EOS, with the loss on the text
     * and EOS. One sequence when they fit the context (no mask when the prompt is empty); otherwise windows of
     * {@code context} tokens starting every {@code context / 2} tokens, each learning the text tokens that no earlier
     * window learned. So nothing is cut: every text token and the EOS are learned exactly once, and past the first
     * window with at least half a context before them; windows that would learn nothing (inside a long prompt) are
     * left out.
     */
    public static List<TrainingSequence> windows(Tokenizer tokenizer, CorpusExample example, int context) {
        if (context < 2) {
            throw new IllegalArgumentException("a training context holds at least 2 tokens, got " + context);
        }
        int[] prompt = tokenizer.encode(example.prompt());
        int[] all = concat(tokenizer, prompt, tokenizer.encode(example.text()));
        int firstLearned = 1 + prompt.length;
        if (all.length <= context) {
            if (firstLearned == 1) {
                return List.of(new TrainingSequence(all, null, all.length - 1));
            }
            return List.of(window(all, 0, all.length, firstLearned));
        }
        List<TrainingSequence> windows = new ArrayList<>();
        int stride = context / 2;
        int learnedUpTo = firstLearned;
        for (int start = 0; learnedUpTo < all.length; start += stride) {
            int end = Math.min(start + context, all.length);
            int from = Math.max(learnedUpTo, start + 1);
            if (from < end) {
                windows.add(window(all, start, end, from));
                learnedUpTo = end;
            }
        }
        return List.copyOf(windows);
    }

    /** BOS, the prompt's tokens, the text's tokens, EOS: the whole example before any windowing. */
    static int[] allTokens(Tokenizer tokenizer, CorpusExample example) {
        return concat(tokenizer, tokenizer.encode(example.prompt()), tokenizer.encode(example.text()));
    }

    private static int[] concat(Tokenizer tokenizer, int[] prompt, int[] text) {
        int[] all = new int[prompt.length + text.length + 2];
        all[0] = tokenizer.bos();
        System.arraycopy(prompt, 0, all, 1, prompt.length);
        System.arraycopy(text, 0, all, 1 + prompt.length, text.length);
        all[all.length - 1] = tokenizer.eos();
        return all;
    }

    /** Tokens [start, end) of {@code all}, learning those from {@code from} on. */
    private static TrainingSequence window(int[] all, int start, int end, int from) {
        float[] mask = new float[end - start];
        Arrays.fill(mask, from - start, end - start, 1f);
        return new TrainingSequence(Arrays.copyOfRange(all, start, end), mask, end - from);
    }
}
