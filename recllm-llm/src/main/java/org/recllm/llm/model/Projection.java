package org.recllm.llm.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The seven weight matrices of a decoder block, by the short name options use (q, k, v, o, gate, up, down) and the
 * GGUF tensor name, with the input and output widths a model's configuration gives them.
 */
public enum Projection {
    QUERY("q", "attn_q"), KEY("k", "attn_k"), VALUE("v", "attn_v"), OUTPUT("o", "attn_output"),
    GATE("gate", "ffn_gate"), UP("up", "ffn_up"), DOWN("down", "ffn_down");

    private final String option;
    private final String tensor;

    Projection(String option, String tensor) {
        this.option = option;
        this.tensor = tensor;
    }

    public String option() {
        return option;
    }

    /** The GGUF name of this projection's weight in block {@code layer}, e.g. {@code blk.3.attn_q.weight}. */
    public String weightName(int layer) {
        return "blk." + layer + "." + tensor + ".weight";
    }

    public int inputs(ModelConfig config) {
        return switch (this) {
            case OUTPUT -> config.heads() * config.headDim();
            case DOWN -> config.ffn();
            default -> config.dim();
        };
    }

    public int outputs(ModelConfig config) {
        return switch (this) {
            case QUERY -> config.heads() * config.headDim();
            case KEY, VALUE -> config.kvDim();
            case GATE, UP -> config.ffn();
            case OUTPUT, DOWN -> config.dim();
        };
    }

    /** The projection an option names ({@code q}, {@code gate}, …), or an error listing the names. */
    public static Projection byOption(String name) {
        for (Projection p : values()) {
            if (p.option.equals(name.trim().toLowerCase(Locale.ROOT))) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown projection '" + name + "'; expected one of "
                + Arrays.stream(values()).map(Projection::option).collect(Collectors.joining(", ")));
    }
}
