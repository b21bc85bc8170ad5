package org.recllm.data.export;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.recllm.core.io.BadInputException;
import org.recllm.core.io.CsvReader;
import org.recllm.core.io.CsvRecord;
import org.recllm.data.schema.FieldSpec;
import org.recllm.data.schema.Schema;
import org.recllm.data.store.Column;
import org.recllm.data.store.Columns;
import org.recllm.data.store.SplitColumns;

/**
 * Reads a CSV written by {@link CsvExport} back into columns (label, fields, sequence lengths), restoring the padding,
 * so an export can be checked against the store it came from.
 */
public final class CsvImport {
    private CsvImport() {}

    public static SplitColumns read(Path csvFile, Schema schema) {
        List<String> expected = CsvExport.header(schema);
        List<CsvRecord> rows = new ArrayList<>();
        try (CsvReader csv = CsvReader.open(csvFile)) {
            if (!csv.header().equals(expected)) {
                throw new BadInputException(csvFile.toString(), 1, null,
                        "header " + csv.header() + " does not match the store's columns " + expected);
            }
            for (CsvRecord record = csv.next(); record != null; record = csv.next()) {
                rows.add(record);
            }
        }
        int n = rows.size();
        SplitColumns columns = new SplitColumns(n);
        float[] label = new float[n];
        for (int row = 0; row < n; row++) {
            label[row] = rows.get(row).getFloat(Columns.LABEL);
            if (label[row] != 0f && label[row] != 1f) {
                throw rows.get(row).error(Columns.LABEL, "expected 0 or 1, got " + rows.get(row).get(Columns.LABEL));
            }
        }
        columns.put(Columns.LABEL, new Column.Floats(label, 1));
        int[][] lengths = new int[schema.sequenceGroups().size()][n];
        for (int f = 0; f < schema.fields().size(); f++) {
            FieldSpec field = schema.fields().get(f);
            int index = f + 1;
            switch (field.kind()) {
                case NUMERIC -> {
                    float[] values = new float[n];
                    for (int row = 0; row < n; row++) {
                        values[row] = parseFloat(csvFile, row, field, rows.get(row).values()[index]);
                    }
                    columns.put(field.name(), new Column.Floats(values, 1));
                }
                case CATEGORICAL, MULTI_HOT, SEQUENCE -> {
                    int[] values = new int[n * field.width()];
                    int[] groupLengths = field.group() == null ? null
                            : lengths[schema.sequenceGroups().indexOf(field.group())];
                    for (int row = 0; row < n; row++) {
                        int[] ids = parseIds(csvFile, row, field, rows.get(row).values()[index]);
                        int offset = field.group() == null ? 0 : field.width() - ids.length;
                        System.arraycopy(ids, 0, values, row * field.width() + offset, ids.length);
                        if (groupLengths != null) {
                            groupLengths[row] = ids.length;
                        }
                    }
                    columns.put(field.name(), new Column.Ints(values, field.width()));
                }
            }
        }
        for (int g = 0; g < lengths.length; g++) {
            columns.put(Schema.lengthColumn(schema.sequenceGroups().get(g)), new Column.Ints(lengths[g], 1));
        }
        return columns;
    }

    private static int[] parseIds(Path file, int row, FieldSpec field, String text) {
        if (text.isEmpty()) {
            if (field.width() == 1 && field.group() == null) {
                throw error(file, row, field, "is empty; expected a vocabulary id");
            }
            return new int[0];
        }
        String[] parts = text.split("\\" + CsvExport.JOIN, -1);
        if (parts.length > field.width()) {
            throw error(file, row, field, "holds " + parts.length + " ids; the field holds at most " + field.width());
        }
        int[] ids = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                ids[i] = Integer.parseInt(parts[i]);
            } catch (NumberFormatException e) {
                throw error(file, row, field, "expected vocabulary ids joined by '^', got '" + text + "'");
            }
        }
        return ids;
    }

    private static float parseFloat(Path file, int row, FieldSpec field, String text) {
        try {
            return Float.parseFloat(text);
        } catch (NumberFormatException e) {
            throw error(file, row, field, "expected a number, got '" + text + "'");
        }
    }

    private static BadInputException error(Path file, int row, FieldSpec field, String problem) {
        return new BadInputException(file.toString(), row + 2, field.name(), problem);
    }
}
