package org.recllm.core.ops;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.recllm.core.kernels.VectorMath;
import org.recllm.core.parallel.Parallel;
import org.recllm.core.tensor.Tape;
import org.recllm.core.tensor.Tensor;

/** Element-wise arithmetic with NumPy broadcasting, and scaling by a constant. */
public final class Elementwise {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int GRAIN = 1 << 15;

    private Elementwise() {}

    private enum Op { ADD, SUB, MUL }

    public static Tensor add(Tape tape, Tensor a, Tensor b) {
        return binary(tape, a, b, Op.ADD);
    }

    public static Tensor sub(Tape tape, Tensor a, Tensor b) {
        return binary(tape, a, b, Op.SUB);
    }

    public static Tensor mul(Tape tape, Tensor a, Tensor b) {
        return binary(tape, a, b, Op.MUL);
    }

    /** {@code alpha · x}. */
    public static Tensor scale(Tape tape, Tensor x, float alpha) {
        Tensor y = tape.result(x.requiresGrad(), x.shape());
        float[] xd = x.data();
        float[] yd = y.data();
        Parallel.forRange(x.size(), GRAIN, (from, to) -> {
            int i = from;
            for (; i + S.length() <= to; i += S.length()) {
                FloatVector.fromArray(S, xd, i).mul(alpha).intoArray(yd, i);
            }
            for (; i < to; i++) {
                yd[i] = alpha * xd[i];
            }
        });
        if (y.requiresGrad()) {
            tape.record(() -> Parallel.forRange(x.size(), GRAIN,
                    (from, to) -> VectorMath.axpy(alpha, y.grad(), from, x.grad(), from, to - from)));
        }
        return y;
    }

    private static Tensor binary(Tape tape, Tensor a, Tensor b, Op op) {
        Broadcast plan = Broadcast.of(a.shape(), b.shape());
        Tensor y = tape.result(Tape.anyRequiresGrad(a, b), plan.shape());
        float[] ad = a.data();
        float[] bd = b.data();
        float[] yd = y.data();
        int bSize = b.size();
        switch (plan.kind()) {
            case SAME -> Parallel.forRange(plan.size(), GRAIN, (from, to) -> same(op, ad, bd, yd, from, to));
            case SUFFIX -> Parallel.forRange(plan.size() / bSize, Math.max(1, GRAIN / bSize), (from, to) -> {
                for (int r = from; r < to; r++) {
                    suffixRow(op, ad, r * bSize, bd, yd, bSize);
                }
            });
            case ROWWISE -> {
                int cols = a.cols();
                Parallel.forRange(plan.size() / Math.max(1, cols), Math.max(1, GRAIN / Math.max(1, cols)), (from, to) -> {
                    for (int r = from; r < to; r++) {
                        float v = bd[r];
                        for (int j = r * cols; j < (r + 1) * cols; j++) {
                            yd[j] = apply(op, ad[j], v);
                        }
                    }
                });
            }
            case GENERAL -> {
                int[] ai = plan.aIndex();
                int[] bi = plan.bIndex();
                for (int i = 0; i < plan.size(); i++) {
                    yd[i] = apply(op, ad[ai[i]], bd[bi[i]]);
                }
            }
        }
        if (y.requiresGrad()) {
            tape.record(() -> backward(op, plan, a, b, y));
        }
        return y;
    }

    private static void same(Op op, float[] a, float[] b, float[] y, int from, int to) {
        int i = from;
        for (; i + S.length() <= to; i += S.length()) {
            FloatVector va = FloatVector.fromArray(S, a, i);
            FloatVector vb = FloatVector.fromArray(S, b, i);
            (switch (op) {
                case ADD -> va.add(vb);
                case SUB -> va.sub(vb);
                case MUL -> va.mul(vb);
            }).intoArray(y, i);
        }
        for (; i < to; i++) {
            y[i] = apply(op, a[i], b[i]);
        }
    }

    private static void suffixRow(Op op, float[] a, int offset, float[] b, float[] y, int n) {
        int j = 0;
        for (; j + S.length() <= n; j += S.length()) {
            FloatVector va = FloatVector.fromArray(S, a, offset + j);
            FloatVector vb = FloatVector.fromArray(S, b, j);
            (switch (op) {
                case ADD -> va.add(vb);
                case SUB -> va.sub(vb);
                case MUL -> va.mul(vb);
            }).intoArray(y, offset + j);
        }
        for (; j < n; j++) {
            y[offset + j] = apply(op, a[offset + j], b[j]);
        }
    }

    private static float apply(Op op, float a, float b) {
        return switch (op) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
        };
    }

    private static void backward(Op op, Broadcast plan, Tensor a, Tensor b, Tensor y) {
        float[] gy = y.grad();
        float[] ad = a.data();
        float[] bd = b.data();
        float[] ga = a.grad();
        float[] gb = b.grad();
        int n = plan.size();
        if (plan.kind() == Broadcast.Kind.SAME) {
            Parallel.forRange(n, GRAIN, (from, to) -> {
                for (int i = from; i < to; i++) {
                    float g = gy[i];
                    if (ga != null) {
                        ga[i] += op == Op.MUL ? g * bd[i] : g;
                    }
                    if (gb != null) {
                        gb[i] += switch (op) {
                            case ADD -> g;
                            case SUB -> -g;
                            case MUL -> g * ad[i];
                        };
                    }
                }
            });
            return;
        }
        int bSize = b.size();
        int cols = a.cols();
        for (int i = 0; i < n; i++) {
            int ia = plan.kind() == Broadcast.Kind.GENERAL ? plan.aIndex()[i] : i;
            int ib = switch (plan.kind()) {
                case SUFFIX -> i % bSize;
                case ROWWISE -> i / cols;
                default -> plan.bIndex()[i];
            };
            float g = gy[i];
            if (ga != null) {
                ga[ia] += op == Op.MUL ? g * bd[ib] : g;
            }
            if (gb != null) {
                gb[ib] += switch (op) {
                    case ADD -> g;
                    case SUB -> -g;
                    case MUL -> g * ad[ia];
                };
            }
        }
    }
}
