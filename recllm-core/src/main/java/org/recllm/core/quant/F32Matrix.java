package org.recllm.core.quant;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** Float32 weights in a (memory-mapped or heap-backed) little-endian segment. */
public final class F32Matrix extends RowMatrix {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private final MemorySegment data;

    public F32Matrix(MemorySegment data, int rows, int cols) {
        super(rows, cols);
        requireBytes(data, (long) rows * cols * 4, GgmlType.F32);
        this.data = data;
    }

    /** Wraps a heap array without copying. */
    public static F32Matrix of(float[] values, int rows, int cols) {
        return new F32Matrix(MemorySegment.ofArray(values), rows, cols);
    }

    @Override
    public GgmlType type() {
        return GgmlType.F32;
    }

    @Override
    protected float dot(int row, float[] x, int xOffset) {
        long base = (long) row * cols * 4;
        FloatVector acc = FloatVector.zero(S);
        int j = 0;
        int upper = S.loopBound(cols);
        for (; j < upper; j += S.length()) {
            FloatVector w = FloatVector.fromMemorySegment(S, data, base + j * 4L, ByteOrder.LITTLE_ENDIAN);
            acc = w.fma(FloatVector.fromArray(S, x, xOffset + j), acc);
        }
        float sum = acc.reduceLanes(VectorOperators.ADD);
        for (; j < cols; j++) {
            sum += data.get(FLOAT, base + j * 4L) * x[xOffset + j];
        }
        return sum;
    }

    @Override
    public void dequantizeRow(int row, float[] out, int offset) {
        MemorySegment.copy(data, FLOAT, (long) row * cols * 4, out, offset, cols);
    }
}
