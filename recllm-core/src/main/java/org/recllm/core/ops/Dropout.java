package org.recllm.core.ops;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.recllm.core.parallel.Parallel;
import org.recllm.core.tensor.Tape;
import org.recllm.core.tensor.Tensor;

/**
 * Inverted dropout: in training each element is zeroed with probability p and the rest scaled by 1/(1-p). The mask
 * bit of element i is a hash of (a seed drawn from the tape's stream, i) — murmur3's finaliser — so it is the same
 * whatever the thread count, and cheap enough to compute in vector lanes.
 */
public final class Dropout {
    private static final VectorSpecies<Integer> INTS = IntVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;

    private Dropout() {}

    public static Tensor apply(Tape tape, Tensor x, float p) {
        if (p < 0 || p >= 1) {
            throw new IllegalArgumentException("dropout rate must be in [0, 1), got " + p);
        }
        if (!tape.training() || p == 0) {
            return x;
        }
        Tensor y = tape.result(x.requiresGrad(), x.shape());
        float[] keep = tape.workspace().take(x.size());
        float scale = 1 / (1 - p);
        int seed = (int) tape.random().nextLong();
        // Keep when the hash's top 24 bits reach p·2^24.
        int threshold = (int) (p * (1 << 24));
        float[] xd = x.data();
        float[] yd = y.data();
        Parallel.forRange(x.size(), Elementwise.GRAIN, (from, to) -> {
            int i = from;
            IntVector lanes = IntVector.zero(INTS).addIndex(1);
            for (; i + INTS.length() <= to; i += INTS.length()) {
                IntVector h = lanes.add(i).mul(0x9E3779B9).lanewise(VectorOperators.XOR, seed);
                h = h.lanewise(VectorOperators.XOR, h.lanewise(VectorOperators.LSHR, 16)).mul(0x85EBCA6B);
                h = h.lanewise(VectorOperators.XOR, h.lanewise(VectorOperators.LSHR, 13)).mul(0xC2B2AE35);
                h = h.lanewise(VectorOperators.XOR, h.lanewise(VectorOperators.LSHR, 16)).lanewise(VectorOperators.LSHR, 8);
                FloatVector mask = FloatVector.broadcast(FLOATS, scale)
                        .blend(0f, h.compare(VectorOperators.LT, threshold).cast(FLOATS));
                mask.intoArray(keep, i);
                mask.mul(FloatVector.fromArray(FLOATS, xd, i)).intoArray(yd, i);
            }
            for (; i < to; i++) {
                keep[i] = (hash(i, seed) >>> 8) < threshold ? 0f : scale;
                yd[i] = xd[i] * keep[i];
            }
        });
        if (y.requiresGrad()) {
            tape.record(() -> Parallel.forRange(x.size(), Elementwise.GRAIN, (from, to) -> {
                float[] gx = x.grad();
                float[] gy = y.grad();
                for (int i = from; i < to; i++) {
                    gx[i] += gy[i] * keep[i];
                }
            }));
        }
        return y;
    }

    static int hash(int index, int seed) {
        int h = (index * 0x9E3779B9) ^ seed;
        h = (h ^ (h >>> 16)) * 0x85EBCA6B;
        h = (h ^ (h >>> 13)) * 0xC2B2AE35;
        return h ^ (h >>> 16);
    }
}
