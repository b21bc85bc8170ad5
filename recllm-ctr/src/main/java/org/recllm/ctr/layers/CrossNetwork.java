package org.recllm.ctr.layers;

import java.util.ArrayList;
import java.util.List;
import org.recllm.core.nn.ParameterSet;
import org.recllm.core.ops.Elementwise;
import org.recllm.core.ops.MatMul;
import org.recllm.core.tensor.Tape;
import org.recllm.core.tensor.Tensor;

/**
 * Explicit feature crossing. DCN (Wang et al. 2017): x_{l+1} = x_0 · (x_l · w_l) + b_l + x_l with a vector w_l.
 * DCN-V2 (Wang et al. 2021): x_{l+1} = x_0 ⊙ (W_l x_l + b_l) + x_l with a full matrix W_l.
 */
public final class CrossNetwork {
    private final List<Tensor> weights = new ArrayList<>();
    private final List<Tensor> biases = new ArrayList<>();
    private final boolean matrix;

    public CrossNetwork(ParameterSet params, String name, int dim, int layers, boolean matrix) {
        this.matrix = matrix;
        for (int l = 0; l < layers; l++) {
            weights.add(params.xavier(name + "." + l + ".weight", dim, matrix ? dim : 1));
            biases.add(params.constant(name + "." + l + ".bias", 0f, dim));
        }
    }

    public Tensor apply(Tape tape, Tensor x0) {
        Tensor x = x0;
        for (int l = 0; l < weights.size(); l++) {
            Tensor crossed;
            if (matrix) {
                crossed = Elementwise.mul(tape, x0, MatMul.linear(tape, x, weights.get(l), biases.get(l)));
            } else {
                Tensor projection = MatMul.matmul(tape, x, weights.get(l), false, false);
                crossed = Elementwise.add(tape, Elementwise.mul(tape, x0, projection), biases.get(l));
            }
            x = Elementwise.add(tape, crossed, x);
        }
        return x;
    }
}
