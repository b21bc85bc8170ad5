package org.recllm.core.quant;

import java.util.Locale;
import org.recllm.core.io.BadInputException;

/**
 * What a forward pass feeds to block-quantised weights. {@link #FLOAT32}, the default, keeps the activations exact and
 * dequantises the weights inside the dot products. {@link #INT8} is llama.cpp's scheme: each input row is quantised
 * once per product to 8-bit blocks (Q8_0 for Q8_0/Q4_0 weights, Q8_K for the k-quants) and the dot products run on
 * integers, so greedy generation follows llama.cpp's token for token. It is not the default because it is not faster
 * here: the Vector API has no 8-bit multiply-add (llama.cpp's VNNI/maddubs), and the 16-bit products with pair sums
 * decode as fast as the float kernels on Q8_0 and about half as fast on Q4_K and Q6_K, whose float kernels read a
 * layout of their own (docs/figures/llm-engine.md). Weights stored as floats always multiply float activations.
 */
public enum ActivationPrecision {
    FLOAT32,
    INT8;

    /** The JVM property that chooses the engine's default: {@code -Drecllm.activations=float32|int8}. */
    public static final String PROPERTY = "recllm.activations";

    /** The precision {@link #PROPERTY} names; {@link #FLOAT32} when it is not set. */
    public static ActivationPrecision fromProperty() {
        String value = System.getProperty(PROPERTY);
        if (value == null || value.isBlank()) {
            return FLOAT32;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "int8" -> INT8;
            case "float32", "f32", "float" -> FLOAT32;
            default -> throw new BadInputException("-D" + PROPERTY, 0, null, "expected int8 or float32, got '" + value + "'");
        };
    }
}
