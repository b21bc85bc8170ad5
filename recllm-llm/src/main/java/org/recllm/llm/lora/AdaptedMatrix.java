package org.recllm.llm.lora;

import java.util.Map;
import org.recllm.core.parallel.Parallel;
import org.recllm.core.quant.Activations;
import org.recllm.core.quant.F32Matrix;
import org.recllm.core.quant.GgmlType;
import org.recllm.core.quant.WeightMatrix;
import org.recllm.llm.model.LayerWeights;
import org.recllm.llm.model.ModelWeights;

/**
 * A base matrix with a LoRA adapter beside it: products compute W·x + scale·B·(A·x) without changing or expanding W,
 * which stays in its storage type (quantised, mapped). Beside a RecLoRA bank, A and B hold every expert's factors
 * side by side and each row's A·x is weighted expert by expert with its sequence's routes first.
 */
final class AdaptedMatrix implements WeightMatrix {
    /** Output rows per task when adding the adapter's term. */
    private static final int GRAIN = 64;

    private final WeightMatrix base;
    private final float[] aValues;
    private final F32Matrix a;
    private final float[] b;
    private final int rank;
    private final float scale;
    /** Null for a plain adapter. */
    private final RowRoutes routes;
    /** A·x for the inputs of the current product, grown on demand and reused. */
    private float[] reduced = new float[0];

    /**
     * {@code base} with every matrix that {@code pairs} adapts wrapped beside its factors (routed by {@code routes} for
     * a bank, null for a plain adapter); the routes become the weights' conditioning, else the base's is kept.
     */
    static ModelWeights beside(ModelWeights base, Map<String, LoraPair> pairs, float scale, RowRoutes routes) {
        LayerWeights[] layers = new LayerWeights[base.layers().length];
        for (int i = 0; i < layers.length; i++) {
            int layer = i;
            layers[i] = base.layers()[i].mapProjections((projection, matrix) -> {
                LoraPair pair = pairs.get(projection.weightName(layer));
                return pair == null ? matrix : new AdaptedMatrix(matrix, pair, scale, routes);
            });
        }
        return new ModelWeights(base.tokenEmbedding(), base.outputNorm(), base.output(), layers, base.ropeFactors(),
                routes != null ? routes : base.conditioning());
    }

    AdaptedMatrix(WeightMatrix base, LoraPair pair, float scale, RowRoutes routes) {
        this.base = base;
        this.aValues = pair.a();
        this.a = F32Matrix.of(pair.a(), pair.rank(), pair.inputs());
        this.b = pair.b();
        this.rank = pair.rank();
        this.scale = scale;
        this.routes = routes;
    }

    @Override
    public int rows() {
        return base.rows();
    }

    @Override
    public int cols() {
        return base.cols();
    }

    @Override
    public GgmlType type() {
        return base.type();
    }

    // Synchronised because the reduced buffer is shared; the engine runs one forward pass at a time per model.
    @Override
    public synchronized void matVec(float[] x, int xOffset, float[] out, int outOffset) {
        base.matVec(x, xOffset, out, outOffset);
        float[] ax = reduced(1);
        a.matVec(x, xOffset, ax, 0);
        if (routes != null) {
            routes.gate(ax, 1);
        }
        addUp(ax, 1, out, outOffset);
    }

    @Override
    public synchronized void matMul(float[] x, int count, int exact, float[] out) {
        base.matMul(x, count, exact, out);
        addAdapter(x, count, exact, out);
    }

    /** The base at the activations' precision (8-bit for a quantised base, as llama.cpp), the adapter on the float rows. */
    @Override
    public synchronized void matMul(Activations x, int count, int exact, float[] out) {
        base.matMul(x, count, exact, out);
        addAdapter(x.rows(), count, exact, out);
    }

    private void addAdapter(float[] x, int count, int exact, float[] out) {
        float[] ax = reduced(count);
        a.matMul(x, count, exact, ax);
        if (routes != null) {
            routes.gate(ax, count);
        }
        addUp(ax, count, out, 0);
    }

    /** The merged row: W's row plus scale · Σⱼ B[row, j] · A[j] (what {@code llm merge} writes). */
    @Override
    public void dequantizeRow(int row, float[] out, int offset) {
        if (routes != null) {
            throw new UnsupportedOperationException("a RecLoRA bank weighs its experts per sequence; it has no single "
                    + "merged matrix");
        }
        base.dequantizeRow(row, out, offset);
        int cols = base.cols();
        for (int j = 0; j < rank; j++) {
            float coefficient = scale * b[row * rank + j];
            for (int c = 0; c < cols; c++) {
                out[offset + c] += coefficient * aValues[j * cols + c];
            }
        }
    }

    private float[] reduced(int count) {
        if (reduced.length < count * rank) {
            reduced = new float[count * rank];
        }
        return reduced;
    }

    /** out[i·rows + r] += scale · ⟨B[r], ax_i⟩ for each of {@code count} inputs, in parallel over rows. */
    private void addUp(float[] ax, int count, float[] out, int outOffset) {
        int rows = base.rows();
        Parallel.forRange(rows, GRAIN, (from, to) -> {
            for (int i = 0; i < count; i++) {
                int in = i * rank;
                int at = outOffset + i * rows;
                for (int r = from; r < to; r++) {
                    float sum = 0;
                    for (int j = 0; j < rank; j++) {
                        sum += b[r * rank + j] * ax[in + j];
                    }
                    out[at + r] += scale * sum;
                }
            }
        });
    }
}
