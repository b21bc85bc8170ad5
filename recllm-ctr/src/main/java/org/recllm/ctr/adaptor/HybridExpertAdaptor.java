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
import org.recllm.ctr.layers.Mlp;

/**
 * KAR's hybrid-expert adaptor: for a knowledge vector r of type t, the experts shared by all types and those
 * dedicated to t each map r through an MLP; a softmax gate on r mixes their outputs; a projection brings the mix to
 * the backbone's embedding size. With {@link AdaptorConfig.Kind#MLP} each type has one MLP instead (the ablation).
 * The knowledge vectors themselves are frozen; only experts, gates and projections train. Vectors are adapted once
 * per distinct id in a batch, then gathered, so a history of 20 items costs no more than its distinct items.
 */
public final class HybridExpertAdaptor {
    private record Type(KnowledgeInput input, EmbeddingTable vectors, List<Mlp> experts, Tensor gate, Tensor projection,
                        Tensor bias) {}

    private final Map<String, Type> types = new LinkedHashMap<>();
    private final int outputDim;
    private int[] slotOf = new int[0];
    private int[] distinct = new int[0];
    private int[] slots = new int[0];

    public HybridExpertAdaptor(ParameterSet params, String name, KnowledgeConfig config, int outputDim) {
        this.outputDim = outputDim;
        AdaptorConfig adaptor = config.adaptor();
        List<Mlp> shared = new ArrayList<>();
        int first = config.inputs().getFirst().dim();
        if (adaptor.kind() == AdaptorConfig.Kind.HEA) {
            for (int e = 0; e < adaptor.sharedExperts(); e++) {
                shared.add(expert(params, name + ".shared." + e, first, adaptor));
            }
        }
        int expertOut = adaptor.expertHidden().getLast();
        for (KnowledgeInput input : config.inputs()) {
            if (input.dim() != first && adaptor.sharedExperts() > 0) {
                throw new IllegalArgumentException("shared experts need knowledge vectors of one size; " + input.name()
                        + " has " + input.dim() + ", the first " + first);
            }
            String prefix = name + "." + input.name();
            EmbeddingTable vectors = params.frozenEmbedding(prefix + ".vectors", input.rows(), input.dim(), input.vectors());
            List<Mlp> experts = new ArrayList<>(shared);
            int dedicated = adaptor.kind() == AdaptorConfig.Kind.HEA ? adaptor.dedicatedExperts() : 1;
            for (int e = 0; e < dedicated; e++) {
                experts.add(expert(params, prefix + ".expert." + e, input.dim(), adaptor));
            }
            Tensor gate = experts.size() > 1 ? params.xavier(prefix + ".gate", input.dim(), experts.size()) : null;
            types.put(input.name(), new Type(input, vectors, experts, gate, params.xavier(prefix + ".projection", expertOut, outputDim),
                    params.constant(prefix + ".bias", 0f, outputDim)));
        }
    }

    private static Mlp expert(ParameterSet params, String name, int input, AdaptorConfig adaptor) {
        return new Mlp(params, name, input, adaptor.expertHidden(), adaptor.activation(), adaptor.dropout(), false, 0);
    }

    public int outputDim() {
        return outputDim;
    }

    /** Knowledge types whose vectors a field's ids index ({@code sequence} for sequence fields). */
    public KnowledgeInput inputFor(String field, boolean sequence) {
        for (Type type : types.values()) {
            if (sequence ? type.input().sequenceFields().contains(field) : type.input().field().equals(field)) {
                return type.input();
            }
        }
        return null;
    }

    public List<KnowledgeInput> inputs() {
        return types.values().stream().map(Type::input).toList();
    }

    /** Adapted vectors [count, outputDim] for ids {@code ids[0, count)} of knowledge type {@code name}. */
    public Tensor adapt(Tape tape, String name, int[] ids, int count) {
        Type type = types.get(name);
        int unique = collectDistinct(ids, count, type.input().rows());
        Tensor raw = Embeddings.lookup(tape, type.vectors(), distinct, unique);
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
        Tensor adapted = MatMul.linear(tape, mixed, type.projection(), type.bias());
        int[] gather = tape.workspace().takeInts(count);
        System.arraycopy(slots, 0, gather, 0, count);
        return Shaping.gatherRows(tape, adapted, gather, count);
    }

    /** Fills {@code distinct} with the distinct ids among ids[0, count) and {@code slots[i]} with id i's position there. */
    private int collectDistinct(int[] ids, int count, int rows) {
        if (slotOf.length < rows) {
            slotOf = new int[rows];
            java.util.Arrays.fill(slotOf, -1);
        }
        if (distinct.length < count) {
            distinct = new int[count];
            slots = new int[count];
        }
        int unique = 0;
        for (int i = 0; i < count; i++) {
            int id = ids[i];
            if (slotOf[id] < 0) {
                slotOf[id] = unique;
                distinct[unique++] = id;
            }
            slots[i] = slotOf[id];
        }
        for (int u = 0; u < unique; u++) {
            slotOf[distinct[u]] = -1;
        }
        return unique;
    }
}
