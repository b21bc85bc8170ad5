package org.recllm.ctr.inputs;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.recllm.core.nn.ParameterSet;
import org.recllm.core.tensor.Tape;
import org.recllm.core.tensor.Tensor;
import org.recllm.ctr.adaptor.HybridExpertAdaptor;
import org.recllm.ctr.features.Batch;
import org.recllm.ctr.features.FeatureLayout;
import org.recllm.ctr.layers.FeatureEmbedding;

/**
 * A model's input layer: the field embeddings and, when the inputs carry knowledge, one more field per knowledge type
 * — the adapted vector of the row's key id (KAR's augmented vector). Any backbone reads its inputs from
 * {@link #embed}, which adapts each knowledge type once per batch however many fields use it.
 */
public final class InputEmbedding {
    private final FeatureEmbedding fields;
    private final HybridExpertAdaptor adaptor;
    private final FeatureLayout layout;
    private volatile Map<String, float[]> precomputed = Map.of();

    /**
     * @param exclude fields left out of the stacked fields (a model that treats them itself, e.g. DIN's sequences);
     *                they stay available one by one
     */
    public InputEmbedding(ParameterSet params, String name, ModelInputs inputs, int dim, float initStd,
                          Collection<String> exclude) {
        this.layout = inputs.layout();
        this.fields = new FeatureEmbedding(params, name, layout, dim, initStd, exclude);
        this.adaptor = inputs.hasKnowledge()
                ? new HybridExpertAdaptor(params, name + ".knowledge", layout.knowledge(), inputs.adaptor(), dim)
                : null;
        if (adaptor != null) {
            params.addInferenceCache(this::precomputeKnowledge);
        }
    }

    public int dim() {
        return fields.dim();
    }

    /** How many fields {@link EmbeddedBatch#fields()} stacks, one per knowledge type included. */
    public int fieldCount() {
        return fields.fieldCount() + (adaptor == null ? 0 : layout.knowledge().size());
    }

    public FeatureLayout layout() {
        return layout;
    }

    /**
     * This batch's inputs: computed on demand, each knowledge type adapted at most once per call. Each call has its
     * own (small) state, so passes on different tapes and batches may run at once, as a server's requests do.
     */
    public EmbeddedBatch embed(Tape tape, Batch batch) {
        return new EmbeddedBatch(fields, adaptor, layout, tape, batch, precomputed);
    }

    /**
     * For serving ({@link org.recllm.core.nn.ParameterSet#precomputeForInference}): adapts every knowledge row once
     * and makes later passes look the adapted vectors up instead of running the adaptor.
     */
    private void precomputeKnowledge() {
        Map<String, float[]> adapted = new LinkedHashMap<>();
        for (var input : layout.knowledge()) {
            adapted.put(input.name(), adaptor.adaptAll(input.name()));
        }
        precomputed = Map.copyOf(adapted);
    }

    /** The frozen knowledge vectors of type {@code name} this layer holds (rows × dim, read-only), or null. */
    public float[] knowledgeVectors(String name) {
        return adaptor == null ? null : adaptor.vectors(name);
    }

    /** Every field's vector stacked as [B, F, D], knowledge fields last. */
    public Tensor fields(Tape tape, Batch batch) {
        return embed(tape, batch).fields();
    }
}
