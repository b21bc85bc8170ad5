package org.recllm.llm.lora;

import java.nio.file.Path;
import java.util.List;
import org.recllm.core.nn.ParameterSet;
import org.recllm.core.ops.Elementwise;
import org.recllm.core.ops.MatMul;
import org.recllm.core.ops.Softmax;
import org.recllm.core.tensor.Tape;
import org.recllm.core.tensor.Tensor;
import org.recllm.llm.model.ModelConfig;
import org.recllm.llm.model.Projection;
import org.recllm.llm.train.TrainableAdapter;

/**
 * RecLoRA's bank as trainable parameters: {@code experts} LoRA experts on the target projections and a soft router
 * over a sequence's condition (a frozen CTR model's user representation, standardised by the training conditions).
 * Per sequence, w = softmax(W·z + b) and each projection gains (alpha / r) · Σₑ wₑ · dropout(x)·Aₑᵀ·Bₑᵀ, computed as
 * one LoRA of rank experts·r whose reduced inputs are weighted expert by expert — so the router learns through the
 * same products. The experts and the router train; the base stays frozen. The gate of the sequence being passed is
 * state of the bank, so one bank trains one sequence at a time (the trainer packs only sequences with one condition).
 */
public final class TrainableLoraBank implements TrainableAdapter {
    private final LoraConfig config;
    private final int experts;
    private final String architecture;
    private final String routerSource;
    private final ParameterSet parameters;
    private final LoraFactors factors;
    private final Tensor routerWeight;
    private final Tensor routerBias;
    private final float[] mean;
    private final float[] deviation;
    /** [experts, experts · rank]: row e is 1 over expert e's rank dimensions, spreading a weight over them. */
    private final Tensor spread;
    /**
     * The current sequence's weights spread over the rank dimensions [1, experts · rank], on the tape of its pass
     * (whose blocks may be computed on another tape, so adapt cannot compare tapes; the decoder refuses a recomputed
     * block whose pass was followed by another before its backward pass).
     */
    private Tensor gate;

    /**
     * @param trainingConditions the conditions of the training sequences, for the router's standardisation
     * @param routerSource       what the conditions come from (written into the bank file)
     */
    public TrainableLoraBank(ModelConfig model, String architecture, LoraConfig config, int experts,
                             List<float[]> trainingConditions, String routerSource, long seed) {
        if (experts < 2) {
            throw new IllegalArgumentException("a bank needs at least 2 experts, got " + experts);
        }
        this.config = config;
        this.experts = experts;
        this.architecture = architecture;
        this.routerSource = routerSource;
        this.parameters = new ParameterSet(seed);
        int inputs = trainingConditions.isEmpty() ? 0 : trainingConditions.getFirst().length;
        float[][] standardisation = BankRouter.standardisation(trainingConditions, inputs);
        this.mean = standardisation[0];
        this.deviation = standardisation[1];
        this.factors = new LoraFactors(parameters, model, config.targets(), experts * config.rank());
        // Logits of about unit spread over standardised inputs: routing differs between users from the start.
        this.routerWeight = parameters.normal(LoraBankFile.ROUTER_WEIGHT, (float) (1 / Math.sqrt(inputs)), experts, inputs);
        this.routerBias = parameters.constant(LoraBankFile.ROUTER_BIAS, 0f, experts);
        float[] ones = new float[experts * experts * config.rank()];
        for (int e = 0; e < experts; e++) {
            java.util.Arrays.fill(ones, e * experts * config.rank() + e * config.rank(),
                    e * experts * config.rank() + (e + 1) * config.rank(), 1f);
        }
        this.spread = Tensor.constant(ones, experts, experts * config.rank());
    }

    @Override
    public ParameterSet parameters() {
        return parameters;
    }

    @Override
    public void begin(Tape tape, float[] condition) {
        if (condition == null) {
            throw new IllegalArgumentException("a RecLoRA bank routes by each sequence's user representation; this "
                    + "sequence has none");
        }
        Tensor z = Tensor.constant(router().standardised(condition), 1, mean.length);
        Tensor logits = Elementwise.add(tape, MatMul.matmul(tape, z, routerWeight, false, true), routerBias);
        gate = MatMul.matmul(tape, Softmax.softmax(tape, logits), spread, false, false);
    }

    @Override
    public Tensor adapt(Tape tape, int layer, Projection projection, Tensor x, Tensor y) {
        if (gate == null) {
            throw new IllegalStateException("begin(tape, condition) routes a sequence before its forward pass");
        }
        return factors.apply(tape, layer, projection, x, y, config, gate);
    }

    /** The bank as it stands (sharing the parameters' arrays), to apply at inference or write to a file. */
    public LoraBank bank() {
        return new LoraBank(architecture, config.alpha(), config.rank(), experts, factors.pairs(), router(), routerSource);
    }

    @Override
    public void write(Path file, String name) {
        LoraBankFile.write(bank(), name, file);
    }

    private BankRouter router() {
        return new BankRouter(experts, mean.length, routerWeight.data(), routerBias.data(), mean, deviation);
    }
}
