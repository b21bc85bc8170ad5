package org.recllm.ctr.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.recllm.core.testing.Agreement.assertClose;

import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.recllm.core.ops.Elementwise;
import org.recllm.core.ops.MatMul;
import org.recllm.core.ops.Repeat;
import org.recllm.core.ops.Shaping;
import org.recllm.core.tensor.Tape;
import org.recllm.core.tensor.Tensor;
import org.recllm.core.testing.Agreement;
import org.recllm.core.testing.GradientCheck;

/** DIN's factored activation-unit layer against the layer on the concatenated input [q, k, q − k, q ⊙ k]. */
class DinActivationUnitTest {

    @Property(tries = 10)
    void gradientsMatchFiniteDifferences(@ForAll @IntRange(min = 1, max = 3) int batch,
                                         @ForAll @IntRange(min = 1, max = 4) int steps,
                                         @ForAll @IntRange(min = 1, max = 3) int width, @ForAll long seed) {
        GradientCheck check = new GradientCheck(seed);
        Tensor query = check.input(1, batch, width);
        Tensor keys = check.input(1, batch, steps, width);
        Tensor weight = check.input(1, 4 * width, 3);
        Tensor bias = check.input(1, 3);
        check.check(tape -> Din.unitFirstLayer(tape, query, keys, weight, bias));
    }

    @Test
    void equalsTheLayerOnTheConcatenatedInputInValuesAndGradients() {
        int batch = 64;
        int steps = 20;
        int width = 32;
        int hidden = 64;
        SplittableRandom random = new SplittableRandom(7);
        Tensor[] factored = inputs(random, batch, steps, width, hidden);
        Tensor[] concatenated = copies(factored);
        float[] upstream = new float[batch * steps * hidden];
        for (int i = 0; i < upstream.length; i++) {
            upstream[i] = (float) random.nextGaussian();
        }

        Tensor fast = run(new Tape(), upstream, tape -> Din.unitFirstLayer(tape, factored[0], factored[1], factored[2],
                factored[3]));
        Tensor reference = run(new Tape(), upstream, tape -> {
            Tensor repeated = Repeat.rows(tape, concatenated[0], steps);
            Tensor input = Shaping.concat(tape, List.of(repeated, concatenated[1],
                    Elementwise.sub(tape, repeated, concatenated[1]), Elementwise.mul(tape, repeated, concatenated[1])), 2);
            return MatMul.linear(tape, input, concatenated[2], concatenated[3]);
        });

        // Equal up to float32 rounding of sums of a few hundred products: 1e-4 of the largest magnitude.
        assertEquals(reference.size(), fast.size(), "output length");
        assertClose("output", reference.data(), fast.data(), reference.size(), 1e-4, 0);
        String[] names = {"query gradient", "keys gradient", "weight gradient", "bias gradient"};
        for (int i = 0; i < 4; i++) {
            assertEquals(concatenated[i].grad().length, factored[i].grad().length, names[i] + " length");
            assertClose(names[i], concatenated[i].grad(), factored[i].grad(), concatenated[i].size(), 1e-4, 0);
        }
    }

    private static Tensor run(Tape tape, float[] upstream, java.util.function.Function<Tape, Tensor> layer) {
        Tensor out = layer.apply(tape);
        Agreement.backward(tape, out, upstream);
        return out;
    }

    private static Tensor[] inputs(SplittableRandom random, int batch, int steps, int width, int hidden) {
        int[][] shapes = {{batch, width}, {batch, steps, width}, {4 * width, hidden}, {hidden}};
        Tensor[] tensors = new Tensor[shapes.length];
        for (int i = 0; i < shapes.length; i++) {
            float[] data = new float[Tensor.sizeOf(shapes[i])];
            for (int j = 0; j < data.length; j++) {
                data[j] = (float) random.nextGaussian();
            }
            tensors[i] = Tensor.withGradient(data, new float[data.length], shapes[i]);
        }
        return tensors;
    }

    private static Tensor[] copies(Tensor[] tensors) {
        Tensor[] copies = new Tensor[tensors.length];
        for (int i = 0; i < tensors.length; i++) {
            copies[i] = Tensor.withGradient(tensors[i].data().clone(), new float[tensors[i].size()], tensors[i].shape());
        }
        return copies;
    }
}
