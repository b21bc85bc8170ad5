package org.recllm.serve.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class StopSequencesTest {

    @Test
    void aStopSplitOverPiecesIsNeverReleasedAndCutsTheText() {
        StopSequences stops = new StopSequences(List.of("END", "\n\n"));
        StringBuilder released = new StringBuilder();
        boolean stopped = false;
        for (String piece : List.of("Once", " upon E", "N", "a time. E", "ND and more")) {
            StopSequences.Step step = stops.accept(piece);
            released.append(step.released());
            assertFalse(released.toString().contains("END"));
            if (step.stopped()) {
                stopped = true;
                break;
            }
        }
        assertTrue(stopped);
        assertEquals("Once upon ENa time. ", released.toString());
    }

    @Test
    void withoutAStopEverythingComesOutByTheEnd() {
        StopSequences stops = new StopSequences(List.of("xyz"));
        StringBuilder released = new StringBuilder();
        for (String piece : List.of("ab", "cx", "y")) {
            StopSequences.Step step = stops.accept(piece);
            assertFalse(step.stopped());
            released.append(step.released());
        }
        assertEquals("abc", released.toString(), "the last two characters may still start a stop");
        assertEquals("xy", stops.flush());
        StopSequences none = new StopSequences(List.of());
        assertEquals("abc", none.accept("abc").released(), "no stops: nothing is held back");
    }
}
