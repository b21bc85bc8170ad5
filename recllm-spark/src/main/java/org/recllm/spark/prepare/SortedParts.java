package org.recllm.spark.prepare;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaPairRDD;
import org.recllm.core.io.AtomicFiles;
import org.recllm.data.protocol.Split;
import org.recllm.data.samples.EncodedRow;
import org.recllm.data.samples.RowLayout;
import org.recllm.data.samples.SplitBuilder;
import org.recllm.data.store.SplitColumns;
import scala.Tuple2;

/**
 * Sorted rows handed from executors to the driver through files, one per partition ({@code part-0}, {@code part-1},
 * …): each row its split's ordinal (a byte) and its encoded bytes. Spark's own route (task results) copies every row
 * several times and holds whole partitions in memory; a file is written once and read once, in order. Each task
 * attempt writes a file of its own and renames it over the part's name when complete, so a speculative or retried
 * attempt never mixes its rows into another's.
 */
final class SortedParts {
    private SortedParts() {}

    /** Writes each partition of {@code sorted} to its file under {@code dir}; returns the rows of each partition. */
    static List<Long> write(JavaPairRDD<SampleOrder, byte[]> sorted, Path dir) {
        String folder = dir.toString();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("could not create " + dir + ": " + e.getMessage(), e);
        }
        return sorted.mapPartitionsWithIndex((index, rows) -> List.of(writePart(Path.of(folder), index, rows)).iterator(),
                true).collect();
    }

    private static long writePart(Path folder, int index, Iterator<Tuple2<SampleOrder, byte[]>> rows) throws IOException {
        Path part = part(folder, index);
        Path attempt = folder.resolve(part.getFileName() + ".attempt-" + TaskContext.get().taskAttemptId());
        long count = 0;
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(attempt), 1 << 20))) {
            while (rows.hasNext()) {
                Tuple2<SampleOrder, byte[]> row = rows.next();
                out.writeByte(row._1().split());
                out.write(row._2());
                count++;
            }
        }
        Files.move(attempt, part, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return count;
    }

    private static Path part(Path folder, int index) {
        return folder.resolve("part-" + index);
    }

    /** The rows of parts 0 to {@code parts − 1}, in order, into each split's columns ({@code rows} per split). */
    static Map<Split, SplitColumns> read(Path dir, int parts, RowLayout layout, Map<Split, Long> rows) {
        Map<Split, SplitBuilder> builders = new EnumMap<>(Split.class);
        for (Split split : Split.values()) {
            builders.put(split, new SplitBuilder(layout, Math.toIntExact(rows.getOrDefault(split, 0L))));
        }
        EncodedRow row = layout.newRow();
        byte[] bytes = new byte[layout.rowBytes()];
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (int index = 0; index < parts; index++) {
            Path part = part(dir, index);
            try (InputStream stream = new BufferedInputStream(Files.newInputStream(part), 1 << 20);
                 DataInputStream in = new DataInputStream(stream)) {
                int split;
                while ((split = in.read()) >= 0) {
                    in.readFully(bytes);
                    buffer.clear();
                    row.read(buffer);
                    builders.get(Split.values()[split]).add(row);
                }
            } catch (EOFException e) {
                throw new IllegalStateException(part + " ends inside a row: the job that wrote it did not finish", e);
            } catch (IOException e) {
                throw new UncheckedIOException("could not read the sorted rows in " + part + ": " + e.getMessage(), e);
            }
        }
        Map<Split, SplitColumns> splits = new EnumMap<>(Split.class);
        builders.forEach((split, builder) -> splits.put(split, builder.build()));
        return splits;
    }

    /** Removes the part files, whatever happened. */
    static void delete(Path dir) {
        AtomicFiles.deleteTreeQuietly(dir);
    }
}
