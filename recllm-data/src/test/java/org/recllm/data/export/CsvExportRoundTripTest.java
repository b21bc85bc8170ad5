package org.recllm.data.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recllm.data.protocol.Split;
import org.recllm.data.schema.FieldKind;
import org.recllm.data.schema.FieldSpec;
import org.recllm.data.schema.Schema;
import org.recllm.data.store.Column;
import org.recllm.data.store.Columns;
import org.recllm.data.store.SampleSet;
import org.recllm.data.store.SampleStore;
import org.recllm.data.store.SampleStoreWriter;
import org.recllm.data.store.SplitColumns;
import org.recllm.data.store.SplitView;
import org.recllm.data.testing.RealMl100k;
import org.recllm.data.testing.SyntheticSamples;

/**
 * A store exported as CSV and read back with {@link CsvImport} gives the same labels, fields and sequence lengths;
 * the CSV has the documented layout: header from {@link CsvExport#header}, ids {@code ^}-joined without padding,
 * sequences oldest first.
 */
class CsvExportRoundTripTest {
    @TempDir
    Path tmp;

    @Test
    void realU1StoreRoundTrips() throws IOException {
        exportAndCompare(RealMl100k.u1Samples());
    }

    @Test
    void syntheticStoreWithANumericFieldRoundTrips() throws IOException {
        SampleSet set = SyntheticSamples.build(9, 2_000);
        assertEquals(FieldKind.NUMERIC, set.schema().field("price").kind());
        exportAndCompare(set);
    }

    @Test
    void csvCellsAreIdsJoinedWithoutPaddingAndSequencesOldestFirst() throws IOException {
        Path out = export(SyntheticSamples.tiny());
        assertEquals(List.of(
                "label,user_id,item_id,genres,price,hist_item,hist_genre",
                "1,2,5,3^4,0.5,7^9,2^3",
                "0,3,1,2,-1.25,,"), Files.readAllLines(out.resolve("train.csv")));
        assertEquals(List.of(
                "label,user_id,item_id,genres,price,hist_item,hist_genre",
                "1,2,6,5^6^7,3.0E10,9^8^7^6,4^3^2^7"), Files.readAllLines(out.resolve("valid.csv")));
        assertEquals(List.of("label,user_id,item_id,genres,price,hist_item,hist_genre"),
                Files.readAllLines(out.resolve("test.csv")));
    }

    private void exportAndCompare(SampleSet set) throws IOException {
        Path out = export(set);
        try (SampleStore store = SampleStore.open(tmp.resolve("store"))) {
            Schema schema = store.schema();
            String header = String.join(",", CsvExport.header(schema));
            for (Split split : Split.values()) {
                Path csv = out.resolve(split.id() + ".csv");
                assertEquals(header, Files.readAllLines(csv, StandardCharsets.UTF_8).getFirst(), split.id());
                SplitColumns imported = CsvImport.read(csv, schema);
                SplitView view = store.split(split);
                assertEquals(view.rows(), imported.rows(), split.id());
                Set<String> expectedColumns = new HashSet<>(CsvExport.header(schema));
                schema.sequenceGroups().forEach(g -> expectedColumns.add(Schema.lengthColumn(g)));
                assertEquals(expectedColumns, imported.columns().keySet(), split.id());
                assertArrayEquals(view.labels().toArray(), floats(imported, Columns.LABEL), split.id() + " labels");
                for (FieldSpec field : schema.fields()) {
                    String where = split.id() + "/" + field.name();
                    if (field.kind() == FieldKind.NUMERIC) {
                        assertArrayEquals(view.floats(field.name()).toArray(), floats(imported, field.name()), where);
                    } else {
                        assertArrayEquals(view.ints(field.name()).toArray(), ints(imported, field.name()), where);
                    }
                }
                for (String group : schema.sequenceGroups()) {
                    String length = Schema.lengthColumn(group);
                    assertArrayEquals(view.ints(length).toArray(), ints(imported, length), split.id() + "/" + length);
                }
            }
        }
    }

    private Path export(SampleSet set) {
        SampleStoreWriter.write(tmp.resolve("store"), set);
        Path out = tmp.resolve("csv");
        try (SampleStore store = SampleStore.open(tmp.resolve("store"))) {
            CsvExport.export(store, out);
        }
        return out;
    }

    private static int[] ints(SplitColumns columns, String name) {
        return ((Column.Ints) columns.column(name)).values();
    }

    private static float[] floats(SplitColumns columns, String name) {
        return ((Column.Floats) columns.column(name)).values();
    }
}
