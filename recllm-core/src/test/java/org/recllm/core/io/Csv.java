package org.recllm.core.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Test files for the CSV and text readers. */
final class Csv {
    private Csv() {}

    static Path file(Path dir, String text) {
        return file(dir, text.getBytes(StandardCharsets.UTF_8));
    }

    static Path file(Path dir, byte[] bytes) {
        try {
            return Files.write(dir.resolve("input.csv"), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every record of a UTF-8 CSV file. */
    static List<CsvRecord> records(Path file) {
        try (CsvReader csv = CsvReader.open(file)) {
            List<CsvRecord> records = new ArrayList<>();
            for (CsvRecord record = csv.next(); record != null; record = csv.next()) {
                records.add(record);
            }
            return records;
        }
    }

    /** {@code lines} text lines of ASCII, each with its number, so that the file spans several read-ahead blocks. */
    static String manyLines(int lines) {
        StringBuilder text = new StringBuilder();
        for (int i = 1; i <= lines; i++) {
            text.append("line ").append(i).append(",padding padding padding padding\n");
        }
        return text.toString();
    }

    static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
