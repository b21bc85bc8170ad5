package org.recllm.core.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Buffers are reused across steps without aliasing within one, and alternating request patterns do not inflate them. */
class WorkspaceTest {

    @Test
    void aRepeatedStepGetsTheSameBuffersAndAllocatesNothing() {
        Workspace workspace = new Workspace();
        int[] sizes = {1000, 10, 1000, 64, 10, 5000, 64};
        List<float[]> first = take(workspace, sizes);
        long held = workspace.bytes();
        for (int step = 0; step < 3; step++) {
            workspace.reset();
            List<float[]> again = take(workspace, sizes);
            for (int i = 0; i < sizes.length; i++) {
                assertSame(first.get(i), again.get(i), "request " + i + " of step " + step);
            }
            assertEquals(held, workspace.bytes());
        }
    }

    @Test
    void buffersInUseAreNeverHandedOutTwiceInAStep() {
        Workspace workspace = new Workspace();
        SplittableRandom random = new SplittableRandom(3);
        int[] sizes = new int[200];
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = 1 + random.nextInt(300);
        }
        take(workspace, sizes);
        for (int step = 0; step < 4; step++) {
            workspace.reset();
            // Another order of the same sizes, then more than before: every buffer distinct, each large enough.
            int[] shuffled = sizes.clone();
            for (int i = shuffled.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = shuffled[i];
                shuffled[i] = shuffled[j];
                shuffled[j] = t;
            }
            List<float[]> taken = new ArrayList<>(take(workspace, shuffled));
            taken.addAll(take(workspace, new int[] {50, 50, 300}));
            IdentityHashMap<float[], Boolean> distinct = new IdentityHashMap<>();
            taken.forEach(buffer -> distinct.put(buffer, true));
            assertEquals(taken.size(), distinct.size(), "step " + step + " hands a buffer out twice");
            for (int i = 0; i < shuffled.length; i++) {
                assertTrue(taken.get(i).length >= shuffled[i]);
            }
        }
    }

    @Test
    void alternatingPatternsShareBuffersInsteadOfGrowingEveryPosition() {
        Workspace workspace = new Workspace();
        int[] withGradients = {100_000, 100_000, 50, 100_000, 100_000, 50};
        // Handed out by position, the third request would outgrow the small buffer there and hold a fifth large one.
        int[] without = {50, 100_000, 100_000, 50};
        take(workspace, withGradients);
        workspace.reset();
        take(workspace, without);
        long held = workspace.bytes();
        // The first pattern's buffers serve the second: four of 112,500 floats and two of 56, nothing more.
        assertEquals((4L * 112_500 + 2 * 56) * Float.BYTES, held);
        for (int step = 0; step < 4; step++) {
            workspace.reset();
            take(workspace, step % 2 == 0 ? withGradients : without);
            assertEquals(held, workspace.bytes(), "step " + step);
        }
    }

    @Test
    void zeroedBuffersAreZeroOverTheRequestedLength() {
        Workspace workspace = new Workspace();
        java.util.Arrays.fill(workspace.take(40), 7f);
        workspace.reset();
        float[] zeroed = workspace.takeZeroed(40);
        for (int i = 0; i < 40; i++) {
            assertEquals(0f, zeroed[i]);
        }
        assertNotSame(zeroed, workspace.take(40), "the zeroed buffer is in use");
    }

    private static List<float[]> take(Workspace workspace, int[] sizes) {
        List<float[]> taken = new ArrayList<>();
        for (int size : sizes) {
            taken.add(workspace.take(size));
        }
        return taken;
    }
}
