package org.recllm.llm.lora;

import java.util.LinkedHashMap;
import java.util.Map;
import org.recllm.core.nn.ParameterSet;
import org.recllm.core.ops.Dropout;
import org.recllm.core.ops.Elementwise;
import org.recllm.core.ops.MatMul;
import org.recllm.core.tensor.Tape;
import org.recllm.core.tensor.Tensor;
import org.recllm.llm.model.ModelConfig;
import org.recllm.llm.model.Projection;
import org.recllm.llm.train.ProjectionAdapter;

/**
 * LoRA factors as trainable parameters, added to a frozen {@link org.recllm.llm.train.TrainableDecoder}'s target
 * projections: y + (alpha / r) · dropout(x) · Aᵀ · Bᵀ. A [r, in] starts Kaiming-normal (std 1/√in) and B [out, r] at
 * zero, so training starts from the base model exactly; the parameters carry the adapter file's tensor names.
 */
public final class TrainableLora implements ProjectionAdapter {
    private final ModelConfig model;
    private final LoraConfig config;
    private final String architecture;
    private final ParameterSet parameters;
    /** A and B of projection p in block l at [l · 7 + p.ordinal()], null where not targeted. */
    private final Tensor[] a;
    private final Tensor[] b;

    public TrainableLora(ModelConfig model, String architecture, LoraConfig config, long seed) {
        this.model = model;
        this.config = config;
        this.architecture = architecture;
        this.parameters = new ParameterSet(seed);
        int slots = model.layers() * Projection.values().length;
        this.a = new Tensor[slots];
        this.b = new Tensor[slots];
        for (int layer = 0; layer < model.layers(); layer++) {
            for (Projection p : Projection.values()) {
                if (config.targets().contains(p)) {
                    String weight = p.weightName(layer);
                    int inputs = p.inputs(model);
                    a[slot(layer, p)] = parameters.normal(weight + LoraAdapterFile.A, (float) (1 / Math.sqrt(inputs)),
                            config.rank(), inputs);
                    b[slot(layer, p)] = parameters.constant(weight + LoraAdapterFile.B, 0f, p.outputs(model), config.rank());
                }
            }
        }
    }

    private static int slot(int layer, Projection p) {
        return layer * Projection.values().length + p.ordinal();
    }

    @Override
    public ParameterSet parameters() {
        return parameters;
    }

    @Override
    public Tensor adapt(Tape tape, int layer, Projection projection, Tensor x, Tensor y) {
        Tensor down = a[slot(layer, projection)];
        if (down == null) {
            return y;
        }
        Tensor reduced = MatMul.matmul(tape, Dropout.apply(tape, x, config.dropout()), down, false, true);
        Tensor update = MatMul.matmul(tape, reduced, b[slot(layer, projection)], false, true);
        return Elementwise.add(tape, y, Elementwise.scale(tape, update, config.scale()));
    }

    /** The adapter as it stands (sharing the parameters' arrays), to apply at inference or write to a file. */
    public LoraAdapter adapter() {
        Map<String, LoraPair> pairs = new LinkedHashMap<>();
        for (int layer = 0; layer < model.layers(); layer++) {
            for (Projection p : Projection.values()) {
                Tensor down = a[slot(layer, p)];
                if (down != null) {
                    pairs.put(p.weightName(layer), new LoraPair(p.weightName(layer), config.rank(), p.inputs(model),
                            p.outputs(model), down.data(), b[slot(layer, p)].data()));
                }
            }
        }
        return new LoraAdapter(architecture, config.alpha(), config.rank(), pairs);
    }
}
