package org.recllm.llm.speculative;

/**
 * DARE's relaxed verification of one draft token against a logits row: accepted when it is among the {@code topK}
 * most likely tokens (ties to the lower id, as greedy decoding breaks them) and its softmax probability is at least
 * {@code threshold}. The rank is checked first, so the softmax runs only for drafts that pass it.
 */
public final class RelaxedCheck {
    private RelaxedCheck() {}

    public static boolean accepts(float[] logits, int offset, int vocabulary, int draft, int topK, float threshold) {
        float own = logits[offset + draft];
        int above = 0;
        float max = own;
        for (int i = 0; i < vocabulary; i++) {
            float value = logits[offset + i];
            if (value > own || (value == own && i < draft)) {
                if (++above >= topK) {
                    return false;
                }
            }
            max = Math.max(max, value);
        }
        if (threshold <= 0) {
            return true;
        }
        double sum = 0;
        for (int i = 0; i < vocabulary; i++) {
            sum += Math.exp(logits[offset + i] - max);
        }
        return Math.exp(own - max) / sum >= threshold;
    }
}
