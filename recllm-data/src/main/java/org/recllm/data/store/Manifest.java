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

    /** A damaged manifest fails to parse here rather than as a null pointer wherever the store is used. */
    Manifest {
        require(format != null && info != null && fields != null && vocabularies != null && splits != null,
                "format, info, fields, vocabularies and splits are required");
    }

    record VocabularyEntry(String file, int size) {
        VocabularyEntry {
            require(file != null, "a vocabulary needs its file");
        }
    }

    record SplitEntry(int rows, Map<String, ColumnEntry> columns) {
        SplitEntry {
            require(rows >= 0 && columns != null, "a split needs 0 or more rows and its columns");
        }
    }

    record ColumnEntry(String file, ColumnType type, int width, long bytes, String sha256) {
        ColumnEntry {
            require(file != null && type != null && width >= 1 && bytes >= 0 && sha256 != null,
                    "a column needs its file, type, a width of 1 or more, its byte count and checksum");
        }
    }

    private static void require(boolean valid, String expected) {
        if (!valid) {
            throw new IllegalArgumentException(expected);
        }
    }
}
