package org.recllm.llm.train;

import org.recllm.llm.tokenizer.Tokenizer;

/**
 * One example as the decoder trains on it: BOS, the prompt's tokens, the text's tokens, EOS, cut to the context, with
 * the loss mask on the text and EOS ({@code lossMask} null when everything after BOS counts). {@code condition} is what
 * a conditioned adapter reads for this sequence ({@link ProjectionAdapter#begin}), null for none.
 */
public record TrainingSequence(int[] tokens, float[] lossMask, int lossTokens, float[] condition) {

    public TrainingSequence(int[] tokens, float[] lossMask, int lossTokens) {
        this(tokens, lossMask, lossTokens, null);
    }

    /** This sequence with {@code condition}. */
    public TrainingSequence withCondition(float[] condition) {
        return new TrainingSequence(tokens, lossMask, lossTokens, condition);
    }

    /** The sequence of {@code example}, or null when the prompt fills the context and leaves no token to learn. */
    public static TrainingSequence of(Tokenizer tokenizer, CorpusExample example, int context) {
        int[] prompt = tokenizer.encode(example.prompt());
        int[] text = tokenizer.encode(example.text());
        int length = Math.min(context, prompt.length + text.length + 2);
        int firstLearned = 1 + prompt.length;
        if (firstLearned >= length) {
            return null;
        }
        int[] tokens = new int[length];
        tokens[0] = tokenizer.bos();
        System.arraycopy(prompt, 0, tokens, 1, prompt.length);
        System.arraycopy(text, 0, tokens, firstLearned, Math.min(text.length, length - firstLearned));
        if (firstLearned + text.length < length) {
            tokens[length - 1] = tokenizer.eos();
        }
        if (prompt.length == 0) {
            return new TrainingSequence(tokens, null, length - 1);
        }
        float[] mask = new float[length];
        java.util.Arrays.fill(mask, firstLearned, length, 1f);
        return new TrainingSequence(tokens, mask, length - firstLearned);
    }
}
