package org.recllm.knowledge.encoder;

/** The vectors of a batch of texts, and how many of the texts were cut to the encoder's token limit. */
public record EncodedBatch(float[][] vectors, int truncated) {}
