package org.recllm.serve.llm;

import java.util.List;

/**
 * Finds stop sequences in text that arrives piece by piece. Text is released only once no stop sequence can still
 * begin inside it (the last {@code longest − 1} characters are held back), so a client never receives the start of
 * a stop sequence, and the text up to the first stop is exactly what a non-streaming answer holds.
 */
final class StopSequences {
    private final List<String> stops;
    private final int holdBack;
    private final StringBuilder pending = new StringBuilder();

    /** What a piece released, and whether a stop sequence ended the text. */
    record Step(String released, boolean stopped) {}

    StopSequences(List<String> stops) {
        this.stops = List.copyOf(stops);
        this.holdBack = stops.stream().mapToInt(String::length).max().orElse(1) - 1;
    }

    Step accept(String piece) {
        pending.append(piece);
        int first = -1;
        for (String stop : stops) {
            int at = pending.indexOf(stop);
            if (at >= 0 && (first < 0 || at < first)) {
                first = at;
            }
        }
        if (first >= 0) {
            String released = pending.substring(0, first);
            pending.setLength(0);
            return new Step(released, true);
        }
        int safe = pending.length() - holdBack;
        if (safe > 0 && Character.isHighSurrogate(pending.charAt(safe - 1))) {
            safe--;
        }
        if (safe <= 0) {
            return new Step("", false);
        }
        String released = pending.substring(0, safe);
        pending.delete(0, safe);
        return new Step(released, false);
    }

    /** The held-back rest, at the end of the text. */
    String flush() {
        String rest = pending.toString();
        pending.setLength(0);
        return rest;
    }
}
