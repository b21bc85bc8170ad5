package org.recllm.ctr.layers;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BinaryOperator;
import org.recllm.core.nn.ParameterSet;
import org.recllm.core.ops.Dropout;
import org.recllm.core.ops.MatMul;
import org.recllm.core.ops.Norms;
import org.recllm.core.tensor.Tape;
import org.recllm.core.tensor.Tensor;

/**
 * FuxiCTR's MLP block: for each hidden size, dense → (batch norm) → activation → (dropout); then an optional
 * linear output layer. Works on [.., in] inputs of any rank (rows are the leading dimensions).
 */
public final class Mlp {
    private final List<Tensor> weights = new ArrayList<>();
    private final List<Tensor> biases = new ArrayList<>();
    private final List<Tensor> gammas = new ArrayList<>();
    private final List<Tensor> betas = new ArrayList<>();
    private final List<Norms.BatchNormStats> stats = new ArrayList<>();
    private final List<Dice> dices = new ArrayList<>();
    private final Activation activation;
    private final float dropout;
    private final boolean batchNorm;
    private final int outputDim;
    private final int hiddenCount;

    public Mlp(ParameterSet params, String name, int input, List<Integer> hidden, Activation activation, float dropout,
               boolean batchNorm, int output) {
        this.activation = activation;
        this.dropout = dropout;
        this.batchNorm = batchNorm;
        this.hiddenCount = hidden.size();
        int in = input;
        for (int i = 0; i < hidden.size(); i++) {
            int out = hidden.get(i);
            weights.add(params.xavier(name + "." + i + ".weight", in, out));
            biases.add(params.constant(name + "." + i + ".bias", 0f, out));
            if (batchNorm) {
                gammas.add(params.constant(name + "." + i + ".bn.weight", 1f, out));
                betas.add(params.constant(name + "." + i + ".bn.bias", 0f, out));
                stats.add(params.batchNormStats(name + "." + i + ".bn", out, 0.1f));
            }
            if (activation == Activation.DICE) {
                dices.add(new Dice(params, name + "." + i + ".dice", out));
            }
            in = out;
        }
        if (output > 0) {
            weights.add(params.xavier(name + ".out.weight", in, output));
            biases.add(params.constant(name + ".out.bias", 0f, output));
            in = output;
        }
        this.outputDim = in;
    }

    public int outputDim() {
        return outputDim;
    }

    public Tensor apply(Tape tape, Tensor x) {
        return weights.isEmpty() ? x : apply(tape, (weight, bias) -> MatMul.linear(tape, x, weight, bias));
    }

    /**
     * The block with its first linear layer computed by {@code firstLayer} from that layer's weight [in, out] and
     * bias, for callers whose input has structure that makes the product cheaper than on the whole input.
     */
    public Tensor apply(Tape tape, BinaryOperator<Tensor> firstLayer) {
        if (weights.isEmpty()) {
            throw new IllegalStateException("this MLP has no layers: there is no first layer to compute");
        }
        Tensor h = null;
        for (int i = 0; i < weights.size(); i++) {
            h = i == 0 ? firstLayer.apply(weights.get(0), biases.get(0))
                    : MatMul.linear(tape, h, weights.get(i), biases.get(i));
            if (i < hiddenCount) {
                if (batchNorm) {
                    h = Norms.batchNorm(tape, h, gammas.get(i), betas.get(i), stats.get(i), 1e-5f);
                }
                h = activation == Activation.DICE ? dices.get(i).apply(tape, h) : activation.apply(tape, h);
                if (dropout > 0) {
                    h = Dropout.apply(tape, h, dropout);
                }
            }
        }
        return h;
    }
}
