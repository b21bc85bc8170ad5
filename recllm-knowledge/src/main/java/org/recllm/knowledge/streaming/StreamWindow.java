package org.recllm.knowledge.streaming;

import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One time window of the interaction log, {@code [start, end)} in Unix seconds, of a refresh cadence such as
 * {@code 7d}. Knowledge made from a window's behaviour is available from its end on. Its {@link #name} is the time
 * window recorded with each entry, e.g. {@code stream 7d 1997-09-20T00:00:00Z/1997-09-27T00:00:00Z}, so a store tells
 * streamed versions from knowledge of a fixed window by the key alone.
 */
public record StreamWindow(String cadence, long start, long end) {
    private static final String PREFIX = "stream ";
    private static final Pattern NAME = Pattern.compile("stream (\\S+) (\\S+)/(\\S+)");

    public StreamWindow {
        if (cadence == null || cadence.isBlank() || cadence.contains(" ")) {
            throw new IllegalArgumentException("a window's cadence must be one word, e.g. 7d; got '" + cadence + "'");
        }
        if (end <= start) {
            throw new IllegalArgumentException("a window must end after it starts: " + start + ".." + end);
        }
    }

    public String name() {
        return PREFIX + cadence + " " + Instant.ofEpochSecond(start) + "/" + Instant.ofEpochSecond(end);
    }

    /** Whether a rating at {@code time} falls in the window. */
    public boolean contains(long time) {
        return time >= start && time < end;
    }

    /** Whether an entry's time window names a streamed window (rather than a fixed one, e.g. {@code time:train}). */
    public static boolean isStream(String timeWindow) {
        return timeWindow.startsWith(PREFIX);
    }

    /** The window an entry's time window names, or empty when it is not a streamed window. */
    public static Optional<StreamWindow> parse(String timeWindow) {
        Matcher matcher = NAME.matcher(timeWindow);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new StreamWindow(matcher.group(1), Instant.parse(matcher.group(2)).getEpochSecond(),
                    Instant.parse(matcher.group(3)).getEpochSecond()));
        } catch (RuntimeException malformed) {
            return Optional.empty();
        }
    }
}
