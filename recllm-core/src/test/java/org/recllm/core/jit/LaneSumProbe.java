package org.recllm.core.jit;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.recllm.core.kernels.VectorMath;

/**
 * Run in a JVM of its own by JitDirectivesTest, it sets up what a real run does by chance: the lane sum gets compiled
 * on its own first (for a cold caller), and then a caller that needs it at only some calls gets hot. C2 then calls the
 * compiled helper instead of inlining it, unless told otherwise, and every vector passed to it is boxed. Prints the
 * bytes that caller allocates per call once compiled.
 */
public final class LaneSumProbe {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private LaneSumProbe() {}

    public static void main(String[] args) {
        float[] lanes = new float[S.length()];
        Arrays.fill(lanes, 0.5f);
        float sink = 0;
        for (int i = 0; i < 200_000; i++) {
            sink += VectorMath.sumLanes(FloatVector.fromArray(S, lanes, 0));
        }
        int calls = 100_000;
        for (int round = 0; round < 20; round++) {
            sink += calls(lanes, calls);
        }
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().threadId();
        long before = threads.getThreadAllocatedBytes(thread);
        sink += calls(lanes, calls);
        long allocated = threads.getThreadAllocatedBytes(thread) - before;
        System.out.println("bytes/call " + (double) allocated / calls + " installed " + JitDirectives.installed() + " sink " + sink);
    }

    private static float calls(float[] lanes, int calls) {
        float sum = 0;
        for (int i = 0; i < calls; i++) {
            sum += sometimesSummed(lanes, i);
        }
        return sum;
    }

    /** The lane sum at one call in eight, the first lane otherwise: a call site too cold for C2 to inline at. */
    private static float sometimesSummed(float[] lanes, int call) {
        FloatVector v = FloatVector.fromArray(S, lanes, 0).mul(2f);
        return call % 8 == 0 ? VectorMath.sumLanes(v) : v.lane(0);
    }
}
