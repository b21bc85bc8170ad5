package org.recllm.data.store;

import java.util.List;
import java.util.Map;
import org.recllm.data.schema.FieldSpec;

/** The JSON description of one store generation: what is in it and where each column's bytes are. */
record Manifest(
        String format,
        int version,
        StoreInfo info,
        List<FieldSpec> fields,
        Map<String, VocabularyEntry> vocabularies,
        Map<String, SplitEntry> splits) {

    static final String FORMAT = "recllm-samples";
    /** 2: fields carry roles (user id, item id, attributes, behaviour) and sequence alignment. */
    static final int VERSION = 2;

    record VocabularyEntry(String file, int size) {}

    record SplitEntry(int rows, Map<String, ColumnEntry> columns) {}

    record ColumnEntry(String file, ColumnType type, int width, long bytes, String sha256) {}
}
