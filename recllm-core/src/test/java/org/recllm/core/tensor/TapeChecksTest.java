package org.recllm.core.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The misuse checks every test runs with (the build sets {@code recllm.tape.checks}). */
class TapeChecksTest {

    @Test
    void theTestBuildRunsWithTheChecksOn() {
        assertTrue(Tape.CHECKS, "surefire passes -Drecllm.tape.checks=true");
    }

    @Test
    void aTensorUsedAfterItsTapeWasResetFailsLoudly() {
        Tape tape = new Tape();
        Tensor step = tape.result(false, 2, 3);
        Tensor view = step.view(6);
        step.data()[0] = 1f;
        tape.reset();
        var stale = assertThrows(IllegalStateException.class, step::data);
        assertTrue(stale.getMessage().contains("used after its tape was reset"), stale.getMessage());
        assertThrows(IllegalStateException.class, view::data, "views belong to the same step");
        Tensor fresh = tape.result(false, 2, 3);
        assertEquals(6, fresh.size(), "the new step's tensors work");
        fresh.data()[5] = 2f;
    }

    @Test
    void readingPastTheSizeOfAReusedBufferYieldsNaN() {
        Tape tape = new Tape();
        tape.result(false, 100);
        tape.reset();
        Tensor small = tape.result(false, 10);
        float[] data = small.data();
        assertTrue(data.length > small.size(), "the buffer of the first step is reused: " + data.length);
        for (int i = small.size(); i < data.length; i++) {
            assertTrue(Float.isNaN(data[i]), "tail element " + i + " is poisoned");
        }
    }

    @Test
    void parametersAndConstantsAreNotTiedToAStep() {
        Tape tape = new Tape();
        Tensor parameter = Tensor.parameter("w", 3);
        Tensor constant = Tensor.constant(new float[] {1, 2}, 2);
        tape.reset();
        assertEquals(3, parameter.data().length);
        assertEquals(2f, constant.data()[1]);
    }
}
