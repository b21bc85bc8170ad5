package org.recllm.core.tensor;

import java.util.Arrays;

/**
 * A dense float32 tensor, row-major over a heap array that may be longer than the tensor (buffers are reused across
 * steps). A tensor that requires a gradient carries a gradient array of the same layout; views (reshapes) share both
 * arrays. Intermediate tensors live in a {@link Tape}'s workspace and are valid until the tape is reset; parameters
 * own their arrays.
 */
public final class Tensor {
    private final float[] data;
    private final float[] grad;
    private final int[] shape;
    private final int size;
    private final String name;
    private Tape owner;
    private int generation;

    Tensor(float[] data, float[] grad, int[] shape, String name) {
        this.shape = shape.clone();
        this.size = sizeOf(shape);
        if (data.length < size || (grad != null && grad.length < size)) {
            throw new IllegalArgumentException("buffer of " + data.length + " floats is too small for shape " + Arrays.toString(shape));
        }
        this.data = data;
        this.grad = grad;
        this.name = name;
    }

    /** A trainable tensor with its own zeroed data and gradient. */
    public static Tensor parameter(String name, int... shape) {
        int size = sizeOf(shape);
        return new Tensor(new float[size], new float[size], shape, name);
    }

    /** A constant that wraps {@code data} without copying; no gradient flows into it. */
    public static Tensor constant(float[] data, int... shape) {
        return new Tensor(data, null, shape, null);
    }

    /** A constant view of {@code data} that receives gradients into {@code grad} (e.g. inputs in tests). */
    public static Tensor withGradient(float[] data, float[] grad, int... shape) {
        return new Tensor(data, grad, shape, null);
    }

    public static int sizeOf(int... shape) {
        long size = 1;
        for (int dim : shape) {
            if (dim < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            size *= dim;
        }
        if (size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has more than 2^31 elements");
        }
        return (int) size;
    }

    public float[] data() {
        if (Tape.CHECKS && owner != null && owner.generation() != generation) {
            throw new IllegalStateException("a tensor of shape " + Arrays.toString(shape) + " is used after its tape was "
                    + "reset; workspace tensors are valid for one step only");
        }
        return data;
    }

    /** The gradient array, or null when no gradient flows into this tensor. */
    public float[] grad() {
        return grad;
    }

    public boolean requiresGrad() {
        return grad != null;
    }

    public int[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    public int dim(int axis) {
        return shape[axis < 0 ? shape.length + axis : axis];
    }

    public int size() {
        return size;
    }

    /** The last dimension: the length of a row. */
    public int cols() {
        return shape.length == 0 ? 1 : shape[shape.length - 1];
    }

    /** All leading dimensions flattened: the number of rows of length {@link #cols()}. */
    public int rows() {
        int cols = cols();
        return cols == 0 ? 0 : size / cols;
    }

    public String name() {
        return name;
    }

    public float item() {
        if (size != 1) {
            throw new IllegalStateException("item() of a tensor with " + size + " elements");
        }
        return data[0];
    }

    /** Element at a flat index. */
    public float get(int index) {
        return data[index];
    }

    /** A tensor over the same data and gradient with another shape of the same size. */
    public Tensor view(int... newShape) {
        int[] resolved = resolveShape(newShape);
        Tensor view = new Tensor(data, grad, resolved, name);
        view.owner = owner;
        view.generation = generation;
        return view;
    }

    /** Marks a workspace tensor as valid for one step of {@code tape}; used only when {@link Tape#CHECKS} is on. */
    void own(Tape tape, int step) {
        this.owner = tape;
        this.generation = step;
    }

    public boolean sameShape(Tensor other) {
        return Arrays.equals(shape, other.shape);
    }

    /** Copies the elements into a new array of exactly {@link #size()} floats. */
    public float[] toArray() {
        return Arrays.copyOf(data, size);
    }

    public void zeroGrad() {
        if (grad != null) {
            Arrays.fill(grad, 0, size, 0f);
        }
    }

    private int[] resolveShape(int[] newShape) {
        int[] resolved = newShape.clone();
        int inferred = -1;
        int known = 1;
        for (int i = 0; i < resolved.length; i++) {
            if (resolved[i] == -1) {
                if (inferred >= 0) {
                    throw new IllegalArgumentException("only one dimension may be -1 in " + Arrays.toString(newShape));
                }
                inferred = i;
            } else {
                known *= resolved[i];
            }
        }
        if (inferred >= 0) {
            resolved[inferred] = known == 0 ? 0 : size / known;
        }
        if (sizeOf(resolved) != size) {
            throw new IllegalArgumentException("cannot view shape " + Arrays.toString(shape) + " as " + Arrays.toString(newShape));
        }
        return resolved;
    }

    @Override
    public String toString() {
        return (name == null ? "Tensor" : name) + Arrays.toString(shape) + (grad != null ? " (grad)" : "");
    }
}
