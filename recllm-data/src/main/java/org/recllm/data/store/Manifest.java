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
    static final int VERSION = 1;

    record VocabularyEntry(String file, int size) {}

    record SplitEntry(int rows, Map<String, ColumnEntry> columns) {}

    record ColumnEntry(String file, ColumnType type, int width, long bytes, String sha256) {}
}
