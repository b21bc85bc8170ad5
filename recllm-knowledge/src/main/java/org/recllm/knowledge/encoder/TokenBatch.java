package org.recllm.knowledge.encoder;

/**
 * Tokenized texts padded to one length, row-major {@code [size, length]}: what an ONNX sentence encoder takes.
 * {@code truncated} counts the texts that were cut to the token limit.
 */
record TokenBatch(long[] ids, long[] attentionMask, long[] typeIds, int size, int length, int truncated) {}
