package org.recllm.knowledge.backend;

/** What a hosted model charges, in US dollars per million prompt (input) and completion (output) tokens. */
public record Pricing(double inputPerMillion, double outputPerMillion) {
    public static final Pricing FREE = new Pricing(0, 0);

    public Pricing {
        if (!(inputPerMillion >= 0) || !(outputPerMillion >= 0)) {
            throw new IllegalArgumentException("prices must not be negative, got " + inputPerMillion + " and " + outputPerMillion);
        }
    }

    public double cost(long promptTokens, long completionTokens) {
        return (promptTokens * inputPerMillion + completionTokens * outputPerMillion) / 1e6;
    }

    public boolean isFree() {
        return inputPerMillion == 0 && outputPerMillion == 0;
    }
}
