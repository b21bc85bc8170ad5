package org.recllm.llm.model;

import org.recllm.core.quant.ActivationPrecision;
import org.recllm.core.quant.Activations;

/**
 * Activations of one kind of forward pass, sized for the largest number of tokens seen so far and reused: decoding
 * allocates nothing per token.
 */
final class ForwardBuffers {
    private final ModelConfig config;
    private int capacity;
    float[] x;
    float[] normed;
    float[] q;
    float[] k;
    float[] v;
    float[] attention;
    float[] projected;
    float[] gate;
    float[] up;
    int[] position;
    KvCache[] cacheOf;
    /** The input rows of the products being run, with their 8-bit quantisation shared by the products that take them. */
    final Activations inputs;
    /** Rows [0, exactRows) of the pass are computed as one-token decoding computes them (see WeightMatrix#matMul). */
    int exactRows;
    /** Each step's first row in the pass, reused between passes. */
    int[] firstRow = new int[8];

    int[] firstRows(int steps) {
        if (firstRow.length < steps) {
            firstRow = new int[Math.max(steps, firstRow.length * 2)];
        }
        return firstRow;
    }

    ForwardBuffers(ModelConfig config, ActivationPrecision precision) {
        this.config = config;
        this.inputs = new Activations(precision);
    }

    ForwardBuffers ensure(int tokens) {
        if (tokens > capacity) {
            int n = Math.max(tokens, capacity * 2);
            int dim = config.dim();
            int qDim = config.heads() * config.headDim();
            x = new float[n * dim];
            normed = new float[n * Math.max(dim, qDim)];
            q = new float[n * qDim];
            k = new float[n * config.kvDim()];
            v = new float[n * config.kvDim()];
            attention = new float[n * qDim];
            projected = new float[n * dim];
            gate = new float[n * config.ffn()];
            up = new float[n * config.ffn()];
            position = new int[n];
            cacheOf = new KvCache[n];
            capacity = n;
        }
        return this;
    }
}
