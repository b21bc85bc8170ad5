package org.recllm.llm.bench;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.util.List;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.recllm.core.parallel.Parallel;

/** Reads memory as fast as the machine allows (vector loads, all workers), to measure its bandwidth limit. */
final class StreamingRead {
    private static final VectorSpecies<Long> S = LongVector.SPECIES_PREFERRED;
    private static final int CHUNK = 1 << 20;

    private StreamingRead() {}

    /** XOR of every 8-byte word of the segments (a result the JIT cannot discard). */
    static long sum(List<MemorySegment> segments) {
        long total = 0;
        for (MemorySegment segment : segments) {
            long size = segment.byteSize();
            int chunks = (int) ((size + CHUNK - 1) / CHUNK);
            long[] partial = new long[Math.max(1, chunks)];
            Parallel.forRange(chunks, 1, (from, to) -> {
                for (int c = from; c < to; c++) {
                    long begin = (long) c * CHUNK;
                    long end = Math.min(size, begin + CHUNK);
                    LongVector acc = LongVector.zero(S);
                    long i = begin;
                    for (; i + S.vectorByteSize() <= end; i += S.vectorByteSize()) {
                        acc = acc.lanewise(VectorOperators.XOR, LongVector.fromMemorySegment(S, segment, i, ByteOrder.LITTLE_ENDIAN));
                    }
                    partial[c] = acc.reduceLanes(VectorOperators.XOR);
                }
            });
            for (long p : partial) {
                total ^= p;
            }
        }
        return total;
    }
}
