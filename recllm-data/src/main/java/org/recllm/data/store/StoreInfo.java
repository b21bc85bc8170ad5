package org.recllm.data.store;

import java.util.Map;

/**
 * What a sample store was made from.
 *
 * @param source        the dataset directory it was read from (or how it was generated)
 * @param historyLength the behaviour-sequence length (0 when the store has none)
 * @param properties    facts about the data a reader may need, e.g. a synthetic store's best achievable AUC
 */
public record StoreInfo(String dataset, String protocol, String source, int historyLength, String createdAt,
                        Map<String, String> properties) {

    public StoreInfo {
        properties = properties == null ? Map.of() : Map.copyOf(properties);
    }

    public StoreInfo(String dataset, String protocol, String source, int historyLength, String createdAt) {
        this(dataset, protocol, source, historyLength, createdAt, Map.of());
    }
}
