package org.recllm.llm.lora;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.recllm.core.quant.GgmlType;
import org.recllm.llm.gguf.GgufException;
import org.recllm.llm.gguf.GgufFile;
import org.recllm.llm.gguf.GgufMetadata;
import org.recllm.llm.gguf.GgufTensorInfo;
import org.recllm.llm.gguf.GgufWriter;
import org.recllm.llm.model.ModelConfig;
import org.recllm.llm.model.Projection;

/**
 * LoRA adapters in llama.cpp's GGUF adapter format ({@code convert_lora_to_gguf.py}, {@code llama-adapter.cpp}):
 * {@code general.type = adapter}, {@code adapter.type = lora}, {@code adapter.lora.alpha}, the base's
 * {@code general.architecture}, and per adapted matrix {@code <base tensor>.lora_a} with ggml dims [inputs, rank]
 * and {@code <base tensor>.lora_b} with [rank, outputs], as F32. llama.cpp loads such a file with {@code --lora}.
 */
public final class LoraAdapterFile {
    static final String A = ".lora_a";
    static final String B = ".lora_b";

    private LoraAdapterFile() {}

    public static void write(LoraAdapter adapter, String name, Path file) {
        writer(adapter.architecture(), name, "lora", adapter.alpha(), adapter.pairs().values()).write(file);
    }

    /**
     * The adapter in {@code file}, checked against the base model {@code base}: its architecture, and that every
     * tensor pair adapts a projection of the base with the base's widths and one rank; errors name the file and tensor.
     */
    public static LoraAdapter read(Path file, GgufFile base) {
        try (GgufFile gguf = GgufFile.open(file)) {
            String architecture = checkedHeader(gguf, base, "lora");
            Map<String, LoraPair> pairs = pairs(gguf, ModelConfig.fromGguf(base), Set.of());
            return new LoraAdapter(architecture, (float) gguf.metadata().real("adapter.lora.alpha"),
                    pairs.values().iterator().next().rank(), pairs);
        }
    }

    /** Writes the adapter header and the factor pairs every adapter file has; the caller adds its own and writes. */
    static GgufWriter writer(String architecture, String name, String adapterType, float alpha, Iterable<LoraPair> pairs) {
        GgufWriter gguf = new GgufWriter();
        gguf.putString("general.architecture", architecture);
        gguf.putString("general.type", "adapter");
        gguf.putString("general.name", name);
        gguf.putString("adapter.type", adapterType);
        gguf.putFloat32("adapter.lora.alpha", alpha);
        for (LoraPair pair : pairs) {
            gguf.addTensor(pair.weight() + A, GgmlType.F32, new long[] {pair.inputs(), pair.rank()}, pair.a());
            gguf.addTensor(pair.weight() + B, GgmlType.F32, new long[] {pair.rank(), pair.outputs()}, pair.b());
        }
        return gguf;
    }

    /**
     * The file's architecture after checking that it is an adapter of {@code adapterType} for {@code base}'s
     * architecture.
     */
    static String checkedHeader(GgufFile gguf, GgufFile base, String adapterType) {
        GgufMetadata meta = gguf.metadata();
        if (!"adapter".equals(meta.string("general.type", null)) || !adapterType.equals(meta.string("adapter.type", null))) {
            String found = meta.string("adapter.type", "(none)");
            throw new GgufException(gguf.path(), -1, "is not a " + (adapterType.equals("lora") ? "LoRA adapter" : "RecLoRA bank")
                    + " (general.type = adapter, adapter.type = " + adapterType + "); it has adapter.type = " + found
                    + (found.equals(LoraBankFile.TYPE) ? ": a RecLoRA bank routes per user and loads with --reclora" : ""));
        }
        String architecture = meta.string("general.architecture");
        String baseArchitecture = base.metadata().string("general.architecture");
        if (!architecture.equals(baseArchitecture)) {
            throw new GgufException(gguf.path(), -1, "adapts a " + architecture + " model; the base is " + baseArchitecture);
        }
        return architecture;
    }

    /**
     * The factor pairs of the file, each adapting a projection of a {@code config} model, all of one rank; any tensor
     * other than those and {@code others} is an error, as is a file without pairs.
     */
    static Map<String, LoraPair> pairs(GgufFile gguf, ModelConfig config, Set<String> others) {
        Map<String, LoraPair> pairs = new LinkedHashMap<>();
        Set<String> used = new HashSet<>(others);
        int rank = -1;
        for (int layer = 0; layer < config.layers(); layer++) {
            for (Projection projection : Projection.values()) {
                String weight = projection.weightName(layer);
                if (!gguf.hasTensor(weight + A) && !gguf.hasTensor(weight + B)) {
                    continue;
                }
                LoraPair pair = pair(gguf, weight, projection.inputs(config), projection.outputs(config));
                if (rank >= 0 && pair.rank() != rank) {
                    throw new GgufException(gguf.path(), -1, "tensor '" + weight + A + "' has rank " + pair.rank()
                            + "; the adapter's other tensors have " + rank);
                }
                rank = pair.rank();
                pairs.put(weight, pair);
                used.add(weight + A);
                used.add(weight + B);
            }
        }
        for (String tensor : gguf.tensors().keySet()) {
            if (!used.contains(tensor)) {
                throw new GgufException(gguf.path(), -1, "tensor '" + tensor + "' adapts no projection of the "
                        + config.layers() + "-layer base model");
            }
        }
        if (pairs.isEmpty()) {
            throw new GgufException(gguf.path(), -1, "has no adapter tensors");
        }
        return pairs;
    }

    /** The factors of {@code weight}, with ggml dims [inputs, rank] and [rank, outputs]. */
    private static LoraPair pair(GgufFile gguf, String weight, int inputs, int outputs) {
        GgufTensorInfo a = require(gguf, weight + A);
        GgufTensorInfo b = require(gguf, weight + B);
        long[] da = a.dims();
        long[] db = b.dims();
        if (da.length != 2 || db.length != 2 || da[0] != inputs || db[1] != outputs || da[1] != db[0] || da[1] < 1) {
            throw new GgufException(gguf.path(), -1, "tensors '" + a.name() + "' " + Arrays.toString(da)
                    + " and '" + b.name() + "' " + Arrays.toString(db) + " do not adapt a " + inputs + " → "
                    + outputs + " matrix; expected [" + inputs + ", rank] and [rank, " + outputs + "]");
        }
        return new LoraPair(weight, (int) da[1], inputs, outputs, gguf.vector(a.name()), gguf.vector(b.name()));
    }

    private static GgufTensorInfo require(GgufFile gguf, String name) {
        if (!gguf.hasTensor(name)) {
            throw new GgufException(gguf.path(), -1, "tensor '" + name + "' is missing (each adapted matrix needs "
                    + A + " and " + B + ")");
        }
        return gguf.tensor(name);
    }
}
