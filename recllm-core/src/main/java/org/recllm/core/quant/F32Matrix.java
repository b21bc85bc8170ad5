package org.recllm.core.quant;

import static org.recllm.core.quant.Lanes.FLOATS;
import static org.recllm.core.quant.Lanes.FLOAT_LE;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;

/** Float32 weights in a (memory-mapped or heap-backed) little-endian segment. */
public final class F32Matrix extends DenseMatrix {
    public F32Matrix(MemorySegment data, int rows, int cols) {
        super(data, rows, cols, GgmlType.F32);
    }

    /** Wraps a heap array without copying. */
    public static F32Matrix of(float[] values, int rows, int cols) {
        return new F32Matrix(MemorySegment.ofArray(values), rows, cols);
    }

    /** Writes {@code n} values as little-endian float32 at {@code dstOffset}. */
    public static void encode(float[] src, int srcOffset, int n, MemorySegment dst, long dstOffset) {
        MemorySegment.copy(src, srcOffset, dst, FLOAT_LE, dstOffset, n);
    }

    @Override
    public GgmlType type() {
        return GgmlType.F32;
    }

    @Override
    protected FloatVector weights(long offset) {
        return FloatVector.fromMemorySegment(FLOATS, data, offset, ByteOrder.LITTLE_ENDIAN);
    }

    @Override
    protected float weight(long offset) {
        return data.get(FLOAT_LE, offset);
    }

    @Override
    public void dequantizeRow(int row, float[] out, int offset) {
        MemorySegment.copy(data, FLOAT_LE, rowStart(row), out, offset, cols);
    }
}
