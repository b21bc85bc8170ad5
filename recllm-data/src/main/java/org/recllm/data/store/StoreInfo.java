package org.recllm.data.store;

/**
 * What a sample store was made from.
 *
 * @param source        the dataset directory it was read from
 * @param historyLength the behaviour-sequence length (0 when the store has none)
 */
public record StoreInfo(String dataset, String protocol, String source, int historyLength, String createdAt) {}
