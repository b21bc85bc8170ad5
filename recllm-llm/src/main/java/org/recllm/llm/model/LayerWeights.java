package org.recllm.llm.model;

import java.util.function.BiFunction;
import org.recllm.core.quant.WeightMatrix;

/** One decoder block's weights; biases are null for architectures without them. */
public record LayerWeights(float[] attentionNorm, WeightMatrix query, WeightMatrix key, WeightMatrix value, WeightMatrix output,
                    float[] queryBias, float[] keyBias, float[] valueBias, float[] ffnNorm, WeightMatrix gate,
                    WeightMatrix up, WeightMatrix down) {

    /** These weights with each projection matrix replaced by {@code f(projection, matrix)} (e.g. an adapted one). */
    public LayerWeights mapProjections(BiFunction<Projection, WeightMatrix, WeightMatrix> f) {
        return new LayerWeights(attentionNorm, f.apply(Projection.QUERY, query), f.apply(Projection.KEY, key),
                f.apply(Projection.VALUE, value), f.apply(Projection.OUTPUT, output), queryBias, keyBias, valueBias,
                ffnNorm, f.apply(Projection.GATE, gate), f.apply(Projection.UP, up), f.apply(Projection.DOWN, down));
    }
}
