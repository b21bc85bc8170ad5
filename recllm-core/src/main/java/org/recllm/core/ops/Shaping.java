package org.recllm.core.ops;

import java.util.Arrays;
import java.util.List;
import org.recllm.core.tensor.Tape;
import org.recllm.core.tensor.Tensor;

/** Concatenation, slicing, axis permutation and row gathering (reshape is {@link Tensor#view}, which shares gradients). */
public final class Shaping {
    private Shaping() {}

    /** Joins tensors along {@code axis}; every other dimension must agree. */
    public static Tensor concat(Tape tape, List<Tensor> parts, int axis) {
        Tensor first = parts.getFirst();
        int rank = first.rank();
        int a = axis < 0 ? rank + axis : axis;
        int[] shape = first.shape();
        int total = 0;
        boolean requiresGrad = false;
        for (Tensor part : parts) {
            int[] s = part.shape();
            if (s.length != rank) {
                throw new IllegalArgumentException("concat of tensors of different ranks: " + parts);
            }
            for (int i = 0; i < rank; i++) {
                if (i != a && s[i] != shape[i]) {
                    throw new IllegalArgumentException("concat along axis " + a + " of mismatched shapes: " + parts);
                }
            }
            total += s[a];
            requiresGrad |= part.requiresGrad();
        }
        shape[a] = total;
        int outer = 1;
        for (int i = 0; i < a; i++) {
            outer *= shape[i];
        }
        int inner = 1;
        for (int i = a + 1; i < rank; i++) {
            inner *= shape[i];
        }
        Tensor y = tape.result(requiresGrad, shape);
        int rowOut = total * inner;
        int offset = 0;
        int[] offsets = new int[parts.size()];
        for (int p = 0; p < parts.size(); p++) {
            Tensor part = parts.get(p);
            int width = part.dim(a) * inner;
            offsets[p] = offset;
            for (int o = 0; o < outer; o++) {
                System.arraycopy(part.data(), o * width, y.data(), o * rowOut + offset, width);
            }
            offset += width;
        }
        if (y.requiresGrad()) {
            int innerFinal = inner;
            int outerFinal = outer;
            tape.record(() -> {
                for (int p = 0; p < parts.size(); p++) {
                    Tensor part = parts.get(p);
                    if (!part.requiresGrad()) {
                        continue;
                    }
                    int width = part.dim(a) * innerFinal;
                    for (int o = 0; o < outerFinal; o++) {
                        org.recllm.core.kernels.VectorMath.add(y.grad(), o * rowOut + offsets[p], part.grad(), o * width, width);
                    }
                }
            });
        }
        return y;
    }

    /** Elements {@code [from, to)} along {@code axis}. */
    public static Tensor slice(Tape tape, Tensor x, int axis, int from, int to) {
        int[] shape = x.shape();
        int a = axis < 0 ? shape.length + axis : axis;
        if (from < 0 || to > shape[a] || from > to) {
            throw new IllegalArgumentException("slice [" + from + ", " + to + ") out of range for axis " + a + " of " + x);
        }
        int outer = 1;
        for (int i = 0; i < a; i++) {
            outer *= shape[i];
        }
        int inner = x.size() / Math.max(1, outer * shape[a]);
        int rowIn = shape[a] * inner;
        int width = (to - from) * inner;
        shape[a] = to - from;
        Tensor y = tape.result(x.requiresGrad(), shape);
        for (int o = 0; o < outer; o++) {
            System.arraycopy(x.data(), o * rowIn + from * inner, y.data(), o * width, width);
        }
        if (y.requiresGrad()) {
            int outerFinal = outer;
            tape.record(() -> {
                for (int o = 0; o < outerFinal; o++) {
                    org.recllm.core.kernels.VectorMath.add(y.grad(), o * width, x.grad(), o * rowIn + from * inner, width);
                }
            });
        }
        return y;
    }

    /** Reorders the axes: output axis i is input axis {@code order[i]} (e.g. [B,T,H,D] → [B,H,T,D] is 0,2,1,3). */
    public static Tensor permute(Tape tape, Tensor x, int... order) {
        int[] in = x.shape();
        int rank = in.length;
        if (order.length != rank) {
            throw new IllegalArgumentException("permute order " + Arrays.toString(order) + " does not fit " + x);
        }
        int[] inStrides = new int[rank];
        for (int i = rank - 1, s = 1; i >= 0; i--) {
            inStrides[i] = s;
            s *= in[i];
        }
        int[] out = new int[rank];
        int[] strides = new int[rank];
        for (int i = 0; i < rank; i++) {
            out[i] = in[order[i]];
            strides[i] = inStrides[order[i]];
        }
        Tensor y = tape.result(x.requiresGrad(), out);
        strided(x.data(), y.data(), out, strides, false);
        if (y.requiresGrad()) {
            tape.record(() -> strided(x.grad(), y.grad(), out, strides, true));
        }
        return y;
    }

    /**
     * Walks the output in order while the input index moves by {@code strides}: copies input to output, or with
     * {@code backward} adds the output's values back into the input positions they came from.
     */
    private static void strided(float[] in, float[] outData, int[] out, int[] strides, boolean backward) {
        int size = Tensor.sizeOf(out);
        if (size == 0) {
            return;
        }
        int rank = out.length;
        int[] counter = new int[rank];
        int source = 0;
        int last = rank - 1;
        int lastStride = strides[last];
        int lastDim = out[last];
        for (int i = 0; i < size; i += lastDim) {
            if (lastStride == 1) {
                // The last axis stays in place (attention heads split or merged): whole runs, vectorised.
                if (backward) {
                    org.recllm.core.kernels.VectorMath.add(outData, i, in, source, lastDim);
                } else {
                    System.arraycopy(in, source, outData, i, lastDim);
                }
            } else if (backward) {
                for (int j = 0; j < lastDim; j++) {
                    in[source + j * lastStride] += outData[i + j];
                }
            } else {
                for (int j = 0; j < lastDim; j++) {
                    outData[i + j] = in[source + j * lastStride];
                }
            }
            for (int axis = last - 1; axis >= 0; axis--) {
                counter[axis]++;
                source += strides[axis];
                if (counter[axis] < out[axis]) {
                    break;
                }
                source -= strides[axis] * out[axis];
                counter[axis] = 0;
            }
        }
    }

    /** Rows {@code indices[0..count)} of a tensor seen as rows of its last dimension. */
    public static Tensor gatherRows(Tape tape, Tensor x, int[] indices, int count) {
        int cols = x.cols();
        Tensor y = tape.result(x.requiresGrad(), count, cols);
        for (int i = 0; i < count; i++) {
            System.arraycopy(x.data(), indices[i] * cols, y.data(), i * cols, cols);
        }
        if (y.requiresGrad()) {
            tape.record(() -> {
                for (int i = 0; i < count; i++) {
                    org.recllm.core.kernels.VectorMath.add(y.grad(), i * cols, x.grad(), indices[i] * cols, cols);
                }
            });
        }
        return y;
    }
}
