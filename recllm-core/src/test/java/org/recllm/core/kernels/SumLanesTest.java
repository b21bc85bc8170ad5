package org.recllm.core.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.SplittableRandom;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link VectorMath#sumLanes} adds in one fixed order — lane i with lane i + L/2, then i + L/4, …, i + 1 — on which
 * saved training runs and k-position equality rely: any other order changes the last bits.
 */
class SumLanesTest {

    /** The documented order in scalar code: halve the lanes, lane i taking lane i + half, until one is left. */
    private static float pairwise(float[] lanes) {
        float[] v = lanes.clone();
        for (int half = v.length / 2; half >= 1; half /= 2) {
            float[] next = new float[v.length];
            for (int i = 0; i < v.length; i++) {
                next[i] = v[i] + v[(i + half) % v.length];
            }
            v = next;
        }
        return v[0];
    }

    @ParameterizedTest
    @ValueSource(ints = {128, 256, 512})
    void addsLaneIWithLaneIPlusHalfThenQuarterOnEveryWidth(int bits) {
        VectorSpecies<Float> species = VectorSpecies.of(float.class, VectorShape.forBitSize(bits));
        SplittableRandom random = new SplittableRandom(bits);
        int orderMattered = 0;
        for (int trial = 0; trial < 200; trial++) {
            float[] lanes = new float[species.length()];
            for (int i = 0; i < lanes.length; i++) {
                // Magnitudes far apart, so that the order of the additions shows in the result.
                lanes[i] = (float) (random.nextGaussian() * Math.pow(10, random.nextInt(9)));
            }
            float sum = VectorMath.sumLanes(FloatVector.fromArray(species, lanes, 0));
            assertEquals(Float.floatToRawIntBits(pairwise(lanes)), Float.floatToRawIntBits(sum), "trial " + trial);
            float leftToRight = 0;
            for (float lane : lanes) {
                leftToRight += lane;
            }
            orderMattered += Float.floatToRawIntBits(leftToRight) != Float.floatToRawIntBits(sum) ? 1 : 0;
        }
        // The inputs must tell orders apart, or the equality above would hold for any order.
        assertNotEquals(0, orderMattered);
    }

    @ParameterizedTest
    @ValueSource(ints = {128, 256, 512})
    void agreesWithTheVectorApisOwnSumOnExactValues(int bits) {
        VectorSpecies<Float> species = VectorSpecies.of(float.class, VectorShape.forBitSize(bits));
        float[] lanes = new float[species.length()];
        for (int i = 0; i < lanes.length; i++) {
            lanes[i] = i + 1;
        }
        FloatVector v = FloatVector.fromArray(species, lanes, 0);
        assertEquals(v.reduceLanes(VectorOperators.ADD), VectorMath.sumLanes(v));
        assertEquals(lanes.length * (lanes.length + 1) / 2f, VectorMath.sumLanes(v));
    }
}
