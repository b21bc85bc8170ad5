package org.recllm.data.dataset;

import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import org.recllm.core.io.AtomicFiles;

/**
 * Writes a dataset as an {@link InteractionLog} folder (interactions in the dataset's order, items and users by id),
 * each file atomically: how a MovieLens release becomes the generic format, and how a log is handed to a cluster.
 */
public final class InteractionLogWriter {
    private InteractionLogWriter() {}

    public static void write(RatingDataset dataset, Path dir) {
        AtomicFiles.write(dir.resolve(InteractionLog.INTERACTIONS + InteractionLog.CSV), out -> {
            Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            writer.write(String.join(",", InteractionColumns.NAMES) + "\n");
            StringBuilder line = new StringBuilder(48);
            for (Rating rating : dataset.ratings()) {
                line.setLength(0);
                line.append(rating.userId()).append(',').append(rating.itemId()).append(',').append(number(rating.value()))
                        .append(',').append(rating.timestamp()).append('\n');
                writer.append(line);
            }
            writer.flush();
        });
        table(dir.resolve(InteractionLog.ITEMS + InteractionLog.CSV), InteractionLog.ITEM_COLUMNS,
                sorted(dataset.items().values(), Item::id), item -> List.of(Integer.toString(item.id()), item.title(),
                        item.year() == null ? "" : item.year().toString(), String.join("|", item.genres())));
        table(dir.resolve(InteractionLog.USERS + InteractionLog.CSV), InteractionLog.USER_COLUMNS,
                sorted(dataset.users().values(), User::id), user -> List.of(Integer.toString(user.id()),
                        orEmpty(user.gender()), user.age() == null ? "" : user.age().toString(),
                        orEmpty(user.occupation()), orEmpty(user.zipCode())));
    }

    private static <T> void table(Path file, List<String> header, List<T> rows, Function<T, List<String>> values) {
        AtomicFiles.write(file, out -> {
            Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            writer.write(String.join(",", header) + "\n");
            for (T row : rows) {
                List<String> fields = values.apply(row);
                for (int i = 0; i < fields.size(); i++) {
                    if (i > 0) {
                        writer.write(',');
                    }
                    writer.write(quoted(fields.get(i)));
                }
                writer.write('\n');
            }
            writer.flush();
        });
    }

    private static <T> List<T> sorted(Collection<T> values, Function<T, Integer> id) {
        return values.stream().sorted(Comparator.comparing(id)).toList();
    }

    /** A field as RFC 4180 writes it: in double quotes, inner quotes doubled, when it holds a comma, quote or line break. */
    static String quoted(String field) {
        if (field.indexOf(',') < 0 && field.indexOf('"') < 0 && field.indexOf('\n') < 0 && field.indexOf('\r') < 0) {
            return field;
        }
        return '"' + field.replace("\"", "\"\"") + '"';
    }

    private static String number(float value) {
        return value == Math.rint(value) && Math.abs(value) < 1e9f ? Long.toString((long) value) : Float.toString(value);
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
