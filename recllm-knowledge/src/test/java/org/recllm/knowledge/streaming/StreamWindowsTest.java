package org.recllm.knowledge.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.recllm.data.dataset.Rating;

class StreamWindowsTest {
    private static final long DAY = 86_400;

    @Test
    void cadencesReadAsHoursDaysOrWeeks() {
        assertEquals(12 * 3_600, StreamWindows.seconds("12h"));
        assertEquals(7 * DAY, StreamWindows.seconds("7d"));
        assertEquals(14 * DAY, StreamWindows.seconds("2W"));
        for (String bad : List.of("7", "0d", "d", "7 d", "1.5d", "3m")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StreamWindows.seconds(bad));
            assertTrue(e.getMessage().contains("12h, 7d or 2w") && e.getMessage().contains(bad), e.getMessage());
        }
    }

    /** Windows start at midnight UTC of the first rating's day, tile the log without gaps and hold every rating. */
    @Test
    void windowsTileTheLogFromTheFirstRatingsDay() {
        long first = 10 * DAY + 5_000;
        List<Rating> ratings = List.of(new Rating(1, 1, 4, first), new Rating(2, 1, 3, first + 20 * DAY),
                new Rating(1, 2, 5, first + 7 * DAY - 5_000));
        List<StreamWindow> windows = StreamWindows.over(ratings, "7d", Long.MAX_VALUE);
        assertEquals(3, windows.size());
        assertEquals(10 * DAY, windows.getFirst().start());
        for (int i = 1; i < windows.size(); i++) {
            assertEquals(windows.get(i - 1).end(), windows.get(i).start(), "no gap between windows");
        }
        for (Rating rating : ratings) {
            assertEquals(1, windows.stream().filter(w -> w.contains(rating.timestamp())).count(), "each rating in one window");
        }
        assertTrue(windows.get(1).contains(first + 7 * DAY - 5_000), "a window is [start, end): its end day is the next's");

        List<StreamWindow> cut = StreamWindows.over(ratings, "7d", first + 8 * DAY);
        assertEquals(2, cut.size(), "ratings from --until on are outside every window");
        assertEquals(first + 8 * DAY, cut.getLast().end(), "the last window ends at --until");
        assertTrue(StreamWindows.over(ratings, "7d", first).isEmpty());
    }

    @Test
    void aWindowsNameReadsBackAndMarksItAsStreamed() {
        StreamWindow window = new StreamWindow("7d", 874_713_600, 875_318_400);
        assertEquals("stream 7d 1997-09-20T00:00:00Z/1997-09-27T00:00:00Z", window.name());
        assertEquals(Optional.of(window), StreamWindow.parse(window.name()));
        assertTrue(StreamWindow.isStream(window.name()));
        assertEquals(Optional.empty(), StreamWindow.parse("time:train"));
        assertEquals(Optional.empty(), StreamWindow.parse("stream 7d yesterday/today"));
        assertThrows(IllegalArgumentException.class, () -> new StreamWindow("7d", 10, 10));
    }
}
