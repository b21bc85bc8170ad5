package org.recllm.knowledge.streaming;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.recllm.data.dataset.Rating;

/**
 * The consecutive windows of one cadence over an interaction log: the first starts at midnight UTC of the day of the
 * first rating, each lasts the cadence, the last is the one holding the last rating before the end asked for. Windows
 * without any rating are kept (they cost nothing: no user is active in them).
 */
public final class StreamWindows {
    private static final Pattern CADENCE = Pattern.compile("([1-9][0-9]{0,4})([hdw])");
    private static final long DAY = 86_400;

    private StreamWindows() {}

    /** The length in seconds of a cadence: {@code 12h}, {@code 7d}, {@code 2w}. */
    public static long seconds(String cadence) {
        Matcher matcher = CADENCE.matcher(cadence.toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            throw new IllegalArgumentException("expected a window such as 12h, 7d or 2w, got '" + cadence + "'");
        }
        long count = Long.parseLong(matcher.group(1));
        return count * switch (matcher.group(2)) {
            case "h" -> 3_600;
            case "d" -> DAY;
            default -> 7 * DAY;
        };
    }

    /**
     * The windows of {@code cadence} over {@code ratings} up to {@code until} (exclusive, Unix seconds; a window that
     * would reach past it ends there, so no window holds a rating at or after it). Empty when no rating is before it.
     */
    public static List<StreamWindow> over(List<Rating> ratings, String cadence, long until) {
        long length = seconds(cadence);
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (Rating rating : ratings) {
            if (rating.timestamp() < until) {
                first = Math.min(first, rating.timestamp());
                last = Math.max(last, rating.timestamp());
            }
        }
        List<StreamWindow> windows = new ArrayList<>();
        if (first == Long.MAX_VALUE) {
            return windows;
        }
        String label = cadence.toLowerCase(Locale.ROOT);
        for (long start = Math.floorDiv(first, DAY) * DAY; start <= last; start += length) {
            windows.add(new StreamWindow(label, start, Math.min(start + length, until)));
        }
        return windows;
    }
}
