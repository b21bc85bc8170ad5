package org.recllm.llm.model;

import org.recllm.core.quant.WeightMatrix;

/** One decoder block's weights; biases are null for architectures without them. */
public record LayerWeights(float[] attentionNorm, WeightMatrix query, WeightMatrix key, WeightMatrix value, WeightMatrix output,
                    float[] queryBias, float[] keyBias, float[] valueBias, float[] ffnNorm, WeightMatrix gate,
                    WeightMatrix up, WeightMatrix down) {}
