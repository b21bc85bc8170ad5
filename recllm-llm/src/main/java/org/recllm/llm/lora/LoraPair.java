package org.recllm.llm.lora;

/**
 * The two factors adapting one base matrix W [outputs, inputs]: {@code a} [rank, inputs] and {@code b}
 * [outputs, rank], row-major, so that the adapted matrix is W + scale · b · a.
 *
 * @param weight the GGUF name of the adapted base matrix, e.g. {@code blk.0.attn_q.weight}
 */
public record LoraPair(String weight, int rank, int inputs, int outputs, float[] a, float[] b) {

    public LoraPair {
        if (a.length != rank * inputs || b.length != outputs * rank) {
            throw new IllegalArgumentException(weight + ": factors of " + a.length + " and " + b.length
                    + " values do not fit rank " + rank + ", " + inputs + " inputs, " + outputs + " outputs");
        }
    }
}
