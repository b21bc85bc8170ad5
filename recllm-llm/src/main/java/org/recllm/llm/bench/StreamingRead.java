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

    /**
     * XOR of every 8-byte word of the segments (a result the JIT cannot discard). All chunks of all segments go to the
     * workers at once: a model of many small tensors would otherwise measure one worker wake-up per tensor.
     */
    static long sum(List<MemorySegment> segments) {
        int chunks = 0;
        for (MemorySegment segment : segments) {
            chunks += (int) ((segment.byteSize() + CHUNK - 1) / CHUNK);
        }
        MemorySegment[] segmentOf = new MemorySegment[chunks];
        long[] beginOf = new long[chunks];
        int c = 0;
        for (MemorySegment segment : segments) {
            for (long begin = 0; begin < segment.byteSize(); begin += CHUNK, c++) {
                segmentOf[c] = segment;
                beginOf[c] = begin;
            }
        }
        long[] partial = new long[chunks];
        Parallel.forRange(chunks, 1, (from, to) -> {
            for (int k = from; k < to; k++) {
                MemorySegment segment = segmentOf[k];
                long end = Math.min(segment.byteSize(), beginOf[k] + CHUNK);
                LongVector acc = LongVector.zero(S);
                for (long i = beginOf[k]; i + S.vectorByteSize() <= end; i += S.vectorByteSize()) {
                    acc = acc.lanewise(VectorOperators.XOR, LongVector.fromMemorySegment(S, segment, i, ByteOrder.LITTLE_ENDIAN));
                }
                partial[k] = acc.reduceLanes(VectorOperators.XOR);
            }
        });
        long total = 0;
        for (long p : partial) {
            total ^= p;
        }
        return total;
    }
}
