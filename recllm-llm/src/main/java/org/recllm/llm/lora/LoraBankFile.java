package org.recllm.llm.lora;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import org.recllm.core.quant.GgmlType;
import org.recllm.llm.gguf.GgufException;
import org.recllm.llm.gguf.GgufFile;
import org.recllm.llm.gguf.GgufMetadata;
import org.recllm.llm.gguf.GgufWriter;
import org.recllm.llm.model.ModelConfig;

/**
 * A RecLoRA bank as a GGUF file shaped like a LoRA adapter ({@link LoraAdapterFile}): the experts' factors side by
 * side under the adapted weights' {@code .lora_a} / {@code .lora_b} names, {@code adapter.type = reclora}, the
 * expert count and rank, and the router's tensors and the source of its conditions. llama.cpp does not route
 * adapters, so it does not load these files; RecLLM does ({@code rank evaluate --reclora}).
 */
public final class LoraBankFile {
    static final String TYPE = "reclora";
    static final String EXPERTS = "recllm.reclora.experts";
    static final String RANK = "recllm.reclora.rank";
    static final String SOURCE = "recllm.reclora.router_source";
    static final String ROUTER_WEIGHT = "reclora.router.weight";
    static final String ROUTER_BIAS = "reclora.router.bias";
    static final String CONDITION_MEAN = "reclora.condition.mean";
    static final String CONDITION_DEVIATION = "reclora.condition.deviation";

    private LoraBankFile() {}

    public static void write(LoraBank bank, String name, Path file) {
        GgufWriter gguf = LoraAdapterFile.writer(bank.architecture(), name, TYPE, bank.alpha(), bank.pairs().values());
        gguf.putUInt32(EXPERTS, bank.experts());
        gguf.putUInt32(RANK, bank.rank());
        gguf.putString(SOURCE, bank.routerSource());
        BankRouter router = bank.router();
        gguf.addTensor(ROUTER_WEIGHT, GgmlType.F32, new long[] {router.inputs(), router.experts()}, router.weight());
        gguf.addTensor(ROUTER_BIAS, GgmlType.F32, new long[] {router.experts()}, router.bias());
        gguf.addTensor(CONDITION_MEAN, GgmlType.F32, new long[] {router.inputs()}, router.mean());
        gguf.addTensor(CONDITION_DEVIATION, GgmlType.F32, new long[] {router.inputs()}, router.deviation());
        gguf.write(file);
    }

    /**
     * What a bank file says of its router before any model is loaded.
     *
     * @param routerSource what the conditions come from, as the trainer recorded it ("" when it recorded nothing)
     * @param routerInputs the width of the condition the router reads
     */
    public record Header(String routerSource, int routerInputs, int experts) {}

    /** The header of the bank at {@code file}; a file that is not a bank is refused by name. */
    public static Header header(Path file) {
        try (GgufFile gguf = GgufFile.open(file)) {
            String type = gguf.metadata().string("adapter.type", "(none)");
            if (!TYPE.equals(type)) {
                throw new GgufException(file, -1, "is not a RecLoRA bank (adapter.type = " + TYPE + "); it has adapter.type = "
                        + type + (type.equals("lora") ? ": a LoRA adapter loads with --lora" : ""));
            }
            return new Header(gguf.metadata().string(SOURCE, ""), (int) dims(gguf, ROUTER_WEIGHT, 2)[0], count(gguf, EXPERTS));
        }
    }

    /** The bank in {@code file}, checked against the base model {@code base}; errors name the file and tensor. */
    public static LoraBank read(Path file, GgufFile base) {
        try (GgufFile gguf = GgufFile.open(file)) {
            String architecture = LoraAdapterFile.checkedHeader(gguf, base, TYPE);
            GgufMetadata meta = gguf.metadata();
            int experts = count(gguf, EXPERTS);
            int rank = count(gguf, RANK);
            Map<String, LoraPair> pairs = LoraAdapterFile.pairs(gguf, ModelConfig.fromGguf(base),
                    Set.of(ROUTER_WEIGHT, ROUTER_BIAS, CONDITION_MEAN, CONDITION_DEVIATION));
            long[] dims = dims(gguf, ROUTER_WEIGHT, 2);
            if (dims[1] != experts) {
                throw new GgufException(file, -1, "tensor '" + ROUTER_WEIGHT + "' routes " + dims[1] + " experts; "
                        + EXPERTS + " says " + experts);
            }
            int inputs = (int) dims[0];
            for (String vector : new String[] {CONDITION_MEAN, CONDITION_DEVIATION}) {
                if (dims(gguf, vector, 1)[0] != inputs) {
                    throw new GgufException(file, -1, "tensor '" + vector + "' has " + dims(gguf, vector, 1)[0]
                            + " values; the router reads " + inputs);
                }
            }
            if (dims(gguf, ROUTER_BIAS, 1)[0] != experts) {
                throw new GgufException(file, -1, "tensor '" + ROUTER_BIAS + "' needs one value per expert (" + experts + ")");
            }
            float[] deviation = gguf.vector(CONDITION_DEVIATION);
            for (float d : deviation) {
                if (!(d > 0) || Float.isInfinite(d)) {
                    throw new GgufException(file, -1, "tensor '" + CONDITION_DEVIATION + "' holds " + d
                            + "; deviations are positive and finite");
                }
            }
            try {
                BankRouter router = new BankRouter(experts, inputs, gguf.vector(ROUTER_WEIGHT), gguf.vector(ROUTER_BIAS),
                        gguf.vector(CONDITION_MEAN), deviation);
                return new LoraBank(architecture, (float) meta.real("adapter.lora.alpha"), rank, experts, pairs, router,
                        meta.string(SOURCE, ""));
            } catch (IllegalArgumentException e) {
                throw new GgufException(file, -1, e.getMessage());
            }
        }
    }

    /** A positive count from the metadata, named with the file when it is not. */
    private static int count(GgufFile gguf, String key) {
        long value = gguf.metadata().integer(key);
        if (value < 1 || value > Integer.MAX_VALUE) {
            throw new GgufException(gguf.path(), -1, key + " is " + value + "; expected a positive count");
        }
        return (int) value;
    }

    private static long[] dims(GgufFile gguf, String tensor, int rank) {
        if (!gguf.hasTensor(tensor)) {
            throw new GgufException(gguf.path(), -1, "tensor '" + tensor + "' is missing (a RecLoRA bank has its router)");
        }
        long[] dims = gguf.tensor(tensor).dims();
        if (dims.length != rank) {
            throw new GgufException(gguf.path(), -1, "tensor '" + tensor + "' has dims " + Arrays.toString(dims)
                    + "; expected " + rank + " of them");
        }
        return dims;
    }
}
