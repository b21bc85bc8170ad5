package org.recllm.knowledge.store;

import java.time.Instant;

/**
 * What a knowledge join needs of one encoded entry: whose it is, which model wrote it, when, from which time window,
 * and its vector.
 */
public record EncodedEntry(long entityId, String modelId, Instant createdAt, String timeWindow, float[] vector) {}
