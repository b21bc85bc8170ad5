package org.recllm.core.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.recllm.core.ops.RotaryEmbedding.Pairs;
import org.recllm.core.tensor.Tape;
import org.recllm.core.tensor.Tensor;
import org.recllm.core.testing.GradientCheck;

/** Rotary position embeddings in both pair layouts, with partial rotation and arbitrary positions. */
class RotaryEmbeddingGradientTest {

    @Property(tries = 20)
    void bothPairLayoutsWithPartialRotation(@ForAll @IntRange(min = 1, max = 4) int tokens,
                                            @ForAll @IntRange(min = 1, max = 3) int heads,
                                            @ForAll @IntRange(min = 1, max = 4) int pairsPerHead,
                                            @ForAll @IntRange(min = 0, max = 3) int passThrough,
                                            @ForAll Pairs pairs, @ForAll long seed) {
        GradientCheck check = new GradientCheck(seed).epsilon(1e-3);
        int headDim = 2 * pairsPerHead + passThrough;
        Tensor x = check.input(1, tokens, heads, headDim);
        int[] positions = new int[tokens];
        for (int t = 0; t < tokens; t++) {
            positions[t] = (int) Math.floorMod(seed + 37L * t, 200);
        }
        RotaryEmbedding rope = new RotaryEmbedding(pairs, RotaryEmbedding.standardFrequencies(100, 2 * pairsPerHead));
        check.check(tape -> rope.apply(tape, x, positions));
    }

    @Test
    void standardFrequenciesFollowTheRoPEPaper() {
        assertArrayEquals(new float[] {1f, 0.1f, 0.01f, 0.001f}, RotaryEmbedding.standardFrequencies(10000, 8), 1e-7f);
    }

    @Test
    void adjacentPairsTurnNeighboursAndHalvesTurnDimensionsHalfAHeadApart() {
        // One head of 5 dimensions, 2 rotated pairs with angles per position π/2 and π; dimension 4 passes through.
        float[] frequencies = {(float) (Math.PI / 2), (float) Math.PI};
        Tensor x = Tensor.constant(new float[] {1, 2, 3, 4, 5}, 1, 1, 5);
        Tape tape = new Tape();
        // Position 1: (1, 2) turns by π/2 to (−2, 1); (3, 4) by π to (−3, −4).
        assertArrayEquals(new float[] {-2, 1, -3, -4, 5},
                new RotaryEmbedding(Pairs.ADJACENT, frequencies).apply(tape, x, new int[] {1}).toArray(), 1e-6f);
        // Halves: pairs (0, 2) and (1, 3): (1, 3) turns by π/2 to (−3, 1); (2, 4) by π to (−2, −4).
        assertArrayEquals(new float[] {-3, -2, 1, -4, 5},
                new RotaryEmbedding(Pairs.HALVES, frequencies).apply(tape, x, new int[] {1}).toArray(), 1e-6f);
        assertArrayEquals(x.toArray(), new RotaryEmbedding(Pairs.HALVES, frequencies).apply(tape, x, new int[] {0}).toArray());
    }

    @Test
    void halvesEqualAdjacentPairsAfterTheLlamaConversionPermutation() {
        // llama.cpp's converter reorders a NeoX-style head (i, i + d/2) into adjacent pairs (2i, 2i + 1).
        int headDim = 8;
        float[] frequencies = RotaryEmbedding.standardFrequencies(10000, headDim);
        float[] neox = new float[2 * headDim];
        for (int i = 0; i < neox.length; i++) {
            neox[i] = (float) Math.sin(1.7 * i + 0.3);
        }
        float[] interleaved = new float[neox.length];
        for (int t = 0; t < 2; t++) {
            for (int i = 0; i < headDim / 2; i++) {
                interleaved[t * headDim + 2 * i] = neox[t * headDim + i];
                interleaved[t * headDim + 2 * i + 1] = neox[t * headDim + i + headDim / 2];
            }
        }
        Tape tape = new Tape();
        int[] positions = {3, 41};
        float[] halves = new RotaryEmbedding(Pairs.HALVES, frequencies).apply(tape, Tensor.constant(neox, 2, 1, headDim), positions).toArray();
        float[] adjacent = new RotaryEmbedding(Pairs.ADJACENT, frequencies)
                .apply(tape, Tensor.constant(interleaved, 2, 1, headDim), positions).toArray();
        for (int t = 0; t < 2; t++) {
            for (int i = 0; i < headDim / 2; i++) {
                assertEquals(halves[t * headDim + i], adjacent[t * headDim + 2 * i], 1e-6f);
                assertEquals(halves[t * headDim + i + headDim / 2], adjacent[t * headDim + 2 * i + 1], 1e-6f);
            }
        }
    }
}
