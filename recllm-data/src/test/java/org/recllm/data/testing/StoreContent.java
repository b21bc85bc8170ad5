package org.recllm.data.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Map;
import org.recllm.data.protocol.Split;
import org.recllm.data.schema.Vocabulary;
import org.recllm.data.store.Column;
import org.recllm.data.store.SampleSet;
import org.recllm.data.store.SampleStore;
import org.recllm.data.store.SplitColumns;
import org.recllm.data.store.SplitView;

/** Compares an open sample store with the sample set it should hold: info, schema, vocabularies, every column. */
public final class StoreContent {
    private StoreContent() {}

    public static void assertSame(SampleSet expected, SampleStore actual) {
        assertEquals(expected.info(), actual.info());
        assertEquals(expected.schema(), actual.schema());
        assertEquals(expected.vocabularies().keySet(), actual.vocabularies().keySet());
        for (var entry : expected.vocabularies().entrySet()) {
            Vocabulary stored = actual.vocabulary(entry.getKey());
            assertEquals(entry.getValue().name(), stored.name());
            assertEquals(entry.getValue().values(), stored.values(), entry.getKey());
            assertArrayEquals(entry.getValue().counts(), stored.counts(), entry.getKey());
        }
        for (Split split : Split.values()) {
            SplitColumns columns = expected.splits().get(split);
            SplitView view = actual.split(split);
            assertEquals(columns.rows(), view.rows(), split.id());
            assertEquals(columns.columns().keySet(), view.columnNames(), split.id());
            for (var column : columns.columns().entrySet()) {
                String where = split.id() + "/" + column.getKey();
                switch (column.getValue()) {
                    case Column.Ints ints -> {
                        assertEquals(ints.width(), view.ints(column.getKey()).width(), where);
                        assertArrayEquals(ints.values(), view.ints(column.getKey()).toArray(), where);
                    }
                    case Column.Longs longs -> assertArrayEquals(longs.values(), view.longs(column.getKey()).toArray(), where);
                    case Column.Floats floats -> {
                        assertEquals(floats.width(), view.floats(column.getKey()).width(), where);
                        assertArrayEquals(floats.values(), view.floats(column.getKey()).toArray(), where);
                    }
                }
            }
        }
    }

    /** True when the store holds exactly {@code expected}'s vocabularies and columns. */
    public static boolean same(SampleSet expected, SampleStore actual) {
        for (Map.Entry<String, Vocabulary> entry : expected.vocabularies().entrySet()) {
            if (!entry.getValue().values().equals(actual.vocabulary(entry.getKey()).values())
                    || !Arrays.equals(entry.getValue().counts(), actual.vocabulary(entry.getKey()).counts())) {
                return false;
            }
        }
        if (!expected.info().equals(actual.info())) {
            return false;
        }
        for (Split split : Split.values()) {
            SplitView view = actual.split(split);
            for (var column : expected.splits().get(split).columns().entrySet()) {
                boolean equal = switch (column.getValue()) {
                    case Column.Ints ints -> Arrays.equals(ints.values(), view.ints(column.getKey()).toArray());
                    case Column.Longs longs -> Arrays.equals(longs.values(), view.longs(column.getKey()).toArray());
                    case Column.Floats floats -> Arrays.equals(floats.values(), view.floats(column.getKey()).toArray());
                };
                if (!equal) {
                    return false;
                }
            }
        }
        return true;
    }
}
