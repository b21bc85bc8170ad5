package org.recllm.data.store;

import java.util.Map;
import org.recllm.data.protocol.Split;
import org.recllm.data.schema.Schema;
import org.recllm.data.schema.Vocabulary;

/** Everything a sample store holds, on the heap: what {@link SampleStoreWriter} writes. */
public record SampleSet(StoreInfo info, Schema schema, Map<String, Vocabulary> vocabularies, Map<Split, SplitColumns> splits) {

    public SampleSet {
        vocabularies = Map.copyOf(vocabularies);
        splits = Map.copyOf(splits);
        for (String name : schema.vocabularies()) {
            if (!vocabularies.containsKey(name)) {
                throw new IllegalArgumentException("the schema uses vocabulary " + name + ", which is missing");
            }
        }
        for (Split split : Split.values()) {
            if (!splits.containsKey(split)) {
                throw new IllegalArgumentException("split " + split.id() + " is missing");
            }
        }
    }
}
