package org.recllm.llm.train;

import org.recllm.core.tensor.Tensor;

/**
 * One trainable decoder block's parameters, matrices stored [out, in] as in GGUF files; the Q/K/V biases are null for
 * architectures without them.
 */
record DecoderBlock(Tensor attentionNorm, Tensor query, Tensor key, Tensor value, Tensor queryBias, Tensor keyBias,
                    Tensor valueBias, Tensor output, Tensor ffnNorm, Tensor gate, Tensor up, Tensor down) {}
