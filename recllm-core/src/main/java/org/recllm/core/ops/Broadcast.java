package org.recllm.core.ops;

import java.util.Arrays;

/**
 * NumPy broadcasting of two shapes (aligned at the trailing dimension; a dimension of 1 stretches), with the index
 * of each operand for every output element. Same-shape operands and a right operand that matches the trailing
 * dimensions (a bias row) or that holds one value per row are recognised so kernels can take fast paths.
 */
record Broadcast(int[] shape, int size, Kind kind, int[] aIndex, int[] bIndex) {

    enum Kind { SAME, SUFFIX, ROWWISE, GENERAL }

    static Broadcast of(int[] a, int[] b) {
        if (Arrays.equals(a, b)) {
            return new Broadcast(a.clone(), sizeOf(a), Kind.SAME, null, null);
        }
        int rank = Math.max(a.length, b.length);
        int[] shape = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = dim(a, i - rank + a.length);
            int db = dim(b, i - rank + b.length);
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException("shapes " + Arrays.toString(a) + " and " + Arrays.toString(b) + " do not broadcast");
            }
            shape[i] = da == 1 ? db : da;
        }
        int size = sizeOf(shape);
        if (Arrays.equals(shape, a) && isSuffix(b, a)) {
            return new Broadcast(shape, size, Kind.SUFFIX, null, null);
        }
        if (Arrays.equals(shape, a) && isRowwise(b, a)) {
            return new Broadcast(shape, size, Kind.ROWWISE, null, null);
        }
        return new Broadcast(shape, size, Kind.GENERAL, indices(a, shape), indices(b, shape));
    }

    /** True when {@code b}, without leading ones, equals the trailing dimensions of {@code a}. */
    private static boolean isSuffix(int[] b, int[] a) {
        int start = 0;
        while (start < b.length && b[start] == 1 && b.length - start > 0) {
            start++;
        }
        int length = b.length - start;
        if (length > a.length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (b[start + i] != a[a.length - length + i]) {
                return false;
            }
        }
        return true;
    }

    /** True when {@code b} is {@code a} with its last dimension 1: one value per row of {@code a}. */
    private static boolean isRowwise(int[] b, int[] a) {
        return b.length == a.length && b[b.length - 1] == 1
                && Arrays.equals(Arrays.copyOf(b, b.length - 1), Arrays.copyOf(a, a.length - 1));
    }

    /** For every element of {@code out}, the flat index of the element of {@code in} it reads. */
    private static int[] indices(int[] in, int[] out) {
        int rank = out.length;
        int[] strides = new int[rank];
        int stride = 1;
        for (int i = rank - 1; i >= 0; i--) {
            int d = dim(in, i - rank + in.length);
            strides[i] = d == 1 ? 0 : stride;
            stride *= d;
        }
        int size = sizeOf(out);
        int[] index = new int[size];
        int[] counter = new int[rank];
        int current = 0;
        for (int i = 0; i < size; i++) {
            index[i] = current;
            for (int axis = rank - 1; axis >= 0; axis--) {
                counter[axis]++;
                current += strides[axis];
                if (counter[axis] < out[axis]) {
                    break;
                }
                current -= strides[axis] * out[axis];
                counter[axis] = 0;
            }
        }
        return index;
    }

    private static int dim(int[] shape, int axis) {
        return axis < 0 ? 1 : shape[axis];
    }

    private static int sizeOf(int[] shape) {
        int size = 1;
        for (int d : shape) {
            size *= d;
        }
        return size;
    }
}
