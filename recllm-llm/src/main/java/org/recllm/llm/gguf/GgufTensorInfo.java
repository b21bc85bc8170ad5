package org.recllm.llm.gguf;

import java.util.Arrays;
import org.recllm.core.quant.GgmlType;

/**
 * One tensor's entry: name, dimensions in ggml order (dims[0] is the contiguous one; a [out, in] weight matrix has
 * dims [in, out]), storage type, and byte offset from the start of the data section.
 */
public record GgufTensorInfo(String name, long[] dims, GgmlType type, long offset) {

    public long elements() {
        long n = 1;
        for (long d : dims) {
            n *= d;
        }
        return n;
    }

    public long bytes() {
        return type.bytesFor(elements());
    }

    @Override
    public String toString() {
        return name + Arrays.toString(dims) + " " + type;
    }
}
