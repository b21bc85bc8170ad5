package org.recllm.core.quant;

import java.lang.foreign.MemorySegment;

/** Wraps stored weights of any supported type as a {@link WeightMatrix}, without copying. */
public final class WeightMatrices {
    private WeightMatrices() {}

    public static WeightMatrix of(GgmlType type, MemorySegment data, int rows, int cols) {
        return switch (type) {
            case F32 -> new F32Matrix(data, rows, cols);
            default -> throw new UnsupportedOperationException("weights of type " + type + " are not supported; RecLLM reads "
                    + java.util.Arrays.stream(GgmlType.values()).filter(GgmlType::supported).toList());
        };
    }
}
