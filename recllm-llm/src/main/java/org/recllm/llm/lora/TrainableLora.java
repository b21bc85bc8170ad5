package org.recllm.llm.lora;

import java.nio.file.Path;
import org.recllm.core.nn.ParameterSet;
import org.recllm.core.tensor.Tape;
import org.recllm.core.tensor.Tensor;
import org.recllm.llm.model.ModelConfig;
import org.recllm.llm.model.Projection;
import org.recllm.llm.train.TrainableAdapter;

/**
 * LoRA factors as trainable parameters, added to a frozen {@link org.recllm.llm.train.TrainableDecoder}'s target
 * projections: y + (alpha / r) · dropout(x) · Aᵀ · Bᵀ. Training starts from the base model exactly (B = 0); the
 * parameters carry the adapter file's tensor names.
 */
public final class TrainableLora implements TrainableAdapter {
    private final LoraConfig config;
    private final String architecture;
    private final ParameterSet parameters;
    private final LoraFactors factors;

    public TrainableLora(ModelConfig model, String architecture, LoraConfig config, long seed) {
        this.config = config;
        this.architecture = architecture;
        this.parameters = new ParameterSet(seed);
        this.factors = new LoraFactors(parameters, model, config.targets(), config.rank());
    }

    @Override
    public ParameterSet parameters() {
        return parameters;
    }

    @Override
    public Tensor adapt(Tape tape, int layer, Projection projection, Tensor x, Tensor y) {
        return factors.apply(tape, layer, projection, x, y, config, null);
    }

    /** The adapter as it stands (sharing the parameters' arrays), to apply at inference or write to a file. */
    public LoraAdapter adapter() {
        return new LoraAdapter(architecture, config.alpha(), config.rank(), factors.pairs());
    }

    @Override
    public void write(Path file, String name) {
        LoraAdapterFile.write(adapter(), name, file);
    }
}
