package org.recllm.ctr.adaptor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.recllm.core.nn.ParameterSet;
import org.recllm.core.ops.Embeddings;
import org.recllm.core.ops.MatMul;
import org.recllm.core.ops.Shaping;
import org.recllm.core.ops.Softmax;
import org.recllm.core.tensor.EmbeddingTable;
import org.recllm.core.tensor.Tape;
import org.recllm.core.tensor.Tensor;
import org.recllm.ctr.features.KnowledgeInput;
import org.recllm.ctr.features.KnowledgeRows;
import org.recllm.ctr.layers.Mlp;

/**
 * KAR's hybrid-expert adaptor: for a knowledge vector r of type t, the experts shared by all types and those
 * dedicated to t each map r through an MLP; a softmax gate on r mixes their outputs; a projection brings the mix to
 * the backbone's embedding size. With {@link AdaptorConfig.Kind#MLP} each type has one MLP instead (the ablation).
 * The knowledge vectors themselves are frozen; only experts, gates and projections train. It adapts each distinct
 * id of a batch once ({@link KnowledgeRows}); the fields keyed by the type then gather their rows, so a history of
 * 20 items costs no more than its distinct items, and the target item shares the work of its history.
 *
 * <p>Discrete knowledge ({@link KnowledgeInput#isDiscrete()}) has no experts: each level's code selects a trainable
 * embedding of the output size, and a row's feature is the sum over its levels (a residual code tuple read the way
 * its levels were made, coarse plus finer corrections); a row without codes gets zero.
 */
public final class HybridExpertAdaptor {
    private record Type(KnowledgeInput input, EmbeddingTable vectors, List<Mlp> experts, Tensor gate, Tensor projection,
                        Tensor bias, EmbeddingTable codes) {}

    /** The initial spread of code embeddings, that of the backbones' ID embeddings. */
    private static final float CODE_INIT_STD = 1e-2f;

    private final Map<String, Type> types = new LinkedHashMap<>();
    private final int outputDim;

    public HybridExpertAdaptor(ParameterSet params, String name, List<KnowledgeInput> inputs, AdaptorConfig adaptor,
                               int outputDim) {
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("an adaptor needs at least one knowledge input");
        }
        this.outputDim = outputDim;
        List<Mlp> shared = new ArrayList<>();
        List<KnowledgeInput> continuous = inputs.stream().filter(input -> !input.isDiscrete()).toList();
        int first = continuous.isEmpty() ? 0 : continuous.getFirst().dim();
        if (adaptor.kind() == AdaptorConfig.Kind.HEA && !continuous.isEmpty()) {
            for (int e = 0; e < adaptor.sharedExperts(); e++) {
                shared.add(expert(params, name + ".shared." + e, first, adaptor));
            }
        }
        int expertOut = adaptor.expertHidden().getLast();
        for (KnowledgeInput input : inputs) {
            String prefix = name + "." + input.name();
            EmbeddingTable vectors = params.frozenEmbedding(prefix + ".vectors", input.rows(), input.dim(), input.vectors());
            if (input.isDiscrete()) {
                EmbeddingTable codes = params.embedding(prefix + ".codes", 1 + input.dim() * input.codebook(), outputDim,
                        CODE_INIT_STD);
                types.put(input.name(), new Type(input, vectors, List.of(), null, null, null, codes));
                continue;
            }
            if (input.dim() != first && !shared.isEmpty()) {
                throw new IllegalArgumentException("shared experts need knowledge vectors of one size; " + input.name()
                        + " has " + input.dim() + ", the first " + first);
            }
            List<Mlp> experts = new ArrayList<>(shared);
            int dedicated = adaptor.kind() == AdaptorConfig.Kind.HEA ? adaptor.dedicatedExperts() : 1;
            for (int e = 0; e < dedicated; e++) {
                experts.add(expert(params, prefix + ".expert." + e, input.dim(), adaptor));
            }
            Tensor gate = experts.size() > 1 ? params.xavier(prefix + ".gate", input.dim(), experts.size()) : null;
            types.put(input.name(), new Type(input, vectors, experts, gate, params.xavier(prefix + ".projection", expertOut, outputDim),
                    params.constant(prefix + ".bias", 0f, outputDim), null));
        }
    }

    private static Mlp expert(ParameterSet params, String name, int input, AdaptorConfig adaptor) {
        return new Mlp(params, name, input, adaptor.expertHidden(), adaptor.activation(), adaptor.dropout(), false, 0);
    }

    public int outputDim() {
        return outputDim;
    }

    /** Adapted vectors [unique, outputDim], one per distinct id of the batch's knowledge rows, in their order. */
    public Tensor adapt(Tape tape, KnowledgeRows rows) {
        return adapt(tape, type(rows.input().name()), rows.distinct(), rows.unique());
    }

    /** The frozen knowledge vectors of {@code name}, rows × dim (read-only). */
    public float[] vectors(String name) {
        return type(name).vectors().weights();
    }

    /**
     * Every row's adapted vector of type {@code name}, rows × outputDim, computed in inference mode. The adaptor reads
     * nothing but the frozen vector of the row, so with fixed weights each row's output is a constant: a server
     * keeps these instead of adapting per request (KAR's precomputed knowledge).
     */
    public float[] adaptAll(String name) {
        Type type = type(name);
        int rows = type.input().rows();
        float[] all = new float[rows * outputDim];
        int chunk = 4096;
        int[] ids = new int[chunk];
        Tape tape = new Tape().gradients(false).training(false);
        for (int from = 0; from < rows; from += chunk) {
            int count = Math.min(chunk, rows - from);
            for (int i = 0; i < count; i++) {
                ids[i] = from + i;
            }
            tape.reset();
            System.arraycopy(adapt(tape, type, ids, count).data(), 0, all, from * outputDim, count * outputDim);
        }
        return all;
    }

    private Type type(String name) {
        Type type = types.get(name);
        if (type == null) {
            throw new IllegalArgumentException("no knowledge type '" + name + "' in this adaptor; it has " + types.keySet());
        }
        return type;
    }

    private Tensor adapt(Tape tape, Type type, int[] ids, int unique) {
        if (type.codes() != null) {
            return codeSum(tape, type, ids, unique);
        }
        Tensor raw = Embeddings.lookup(tape, type.vectors(), ids, unique);
        Tensor mixed;
        if (type.experts().size() == 1) {
            mixed = type.experts().getFirst().apply(tape, raw);
        } else {
            List<Tensor> outputs = new ArrayList<>(type.experts().size());
            for (Mlp expert : type.experts()) {
                Tensor out = expert.apply(tape, raw);
                outputs.add(out.view(unique, 1, out.dim(1)));
            }
            Tensor stacked = Shaping.concat(tape, outputs, 1);
            Tensor weights = Softmax.softmax(tape, MatMul.matmul(tape, raw, type.gate(), false, false));
            mixed = MatMul.batched(tape, weights.view(unique, 1, outputs.size()), stacked, false, false)
                    .view(unique, stacked.dim(2));
        }
        return MatMul.linear(tape, mixed, type.projection(), type.bias());
    }

    private static Tensor codeSum(Tape tape, Type type, int[] ids, int unique) {
        int levels = type.input().dim();
        int[] codeRows = tape.workspace().takeInts(unique * levels);
        float[] stored = type.vectors().weights();
        for (int i = 0; i < unique; i++) {
            for (int level = 0; level < levels; level++) {
                codeRows[i * levels + level] = (int) stored[ids[i] * levels + level];
            }
        }
        return Embeddings.pooled(tape, type.codes(), codeRows, unique, levels, Embeddings.Pooling.SUM);
    }
}
