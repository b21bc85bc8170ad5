package org.recllm.data.export;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.recllm.core.io.AtomicFiles;
import org.recllm.core.progress.Progress;
import org.recllm.data.protocol.Split;
import org.recllm.data.schema.FieldKind;
import org.recllm.data.schema.FieldSpec;
import org.recllm.data.schema.Schema;
import org.recllm.data.schema.Vocabulary;
import org.recllm.data.store.Columns;
import org.recllm.data.store.FloatColumnView;
import org.recllm.data.store.IntColumnView;
import org.recllm.data.store.SampleStore;
import org.recllm.data.store.SplitView;

/**
 * Exports a sample store as one CSV per split ({@code train.csv}, {@code valid.csv}, {@code test.csv}) so that peers
 * such as FuxiCTR train on exactly the same samples: a {@code label} column, then one column per field holding
 * vocabulary ids; multi-hot values and sequences are {@code ^}-joined ids without padding (sequences oldest first).
 * A FuxiCTR dataset configuration is written beside them.
 */
public final class CsvExport {
    public static final char JOIN = '^';

    private CsvExport() {}

    public static void export(SampleStore store, Path outDir) {
        Schema schema = store.schema();
        for (Split split : Split.values()) {
            SplitView view = store.split(split);
            try (Progress progress = Progress.start("export " + split.id(), "rows", view.rows())) {
                AtomicFiles.write(outDir.resolve(split.id() + ".csv"), out -> {
                    Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
                    writeSplit(schema, view, writer, progress);
                    writer.flush();
                });
            }
        }
        AtomicFiles.writeString(outDir.resolve("fuxictr_dataset_config.yaml"), FuxiCtrConfig.yaml(store, outDir));
    }

    /** The CSV header: the label, then the fields in schema order. */
    public static List<String> header(Schema schema) {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(Columns.LABEL),
                schema.fields().stream().map(FieldSpec::name)).toList();
    }

    private static void writeSplit(Schema schema, SplitView view, Writer out, Progress progress) throws java.io.IOException {
        out.write(String.join(",", header(schema)));
        out.write('\n');
        List<FieldSpec> fields = schema.fields();
        IntColumnView[] ids = new IntColumnView[fields.size()];
        FloatColumnView[] numbers = new FloatColumnView[fields.size()];
        IntColumnView[] lengths = new IntColumnView[fields.size()];
        for (int f = 0; f < fields.size(); f++) {
            FieldSpec field = fields.get(f);
            if (field.kind() == FieldKind.NUMERIC) {
                numbers[f] = view.floats(field.name());
            } else {
                ids[f] = view.ints(field.name());
            }
            if (field.kind() == FieldKind.SEQUENCE) {
                lengths[f] = view.ints(Schema.lengthColumn(field.group()));
            }
        }
        FloatColumnView labels = view.labels();
        StringBuilder line = new StringBuilder(256);
        for (int row = 0; row < view.rows(); row++) {
            line.setLength(0);
            line.append((int) labels.get(row));
            for (int f = 0; f < fields.size(); f++) {
                FieldSpec field = fields.get(f);
                line.append(',');
                switch (field.kind()) {
                    case CATEGORICAL -> line.append(ids[f].get(row));
                    case NUMERIC -> line.append(numbers[f].get(row));
                    case MULTI_HOT -> {
                        boolean first = true;
                        for (int j = 0; j < field.width(); j++) {
                            int id = ids[f].get(row, j);
                            if (id != Vocabulary.PADDING) {
                                line.append(first ? "" : String.valueOf(JOIN)).append(id);
                                first = false;
                            }
                        }
                    }
                    case SEQUENCE -> {
                        int start = field.width() - lengths[f].get(row);
                        for (int j = start; j < field.width(); j++) {
                            line.append(j > start ? String.valueOf(JOIN) : "").append(ids[f].get(row, j));
                        }
                    }
                }
            }
            line.append('\n');
            out.append(line);
            progress.advance(1);
        }
    }
}
