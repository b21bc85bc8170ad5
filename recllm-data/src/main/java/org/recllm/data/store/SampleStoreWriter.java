package org.recllm.data.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.recllm.core.io.AtomicFiles;
import org.recllm.core.io.BadInputException;
import org.recllm.core.io.Checksums;
import org.recllm.data.protocol.Split;

/**
 * Writes a sample store so that a crash at any moment leaves the previous store or the new one, never a mix: each
 * write goes to a fresh generation folder, is forced to disk, and becomes current by atomically replacing the one-line
 * {@code CURRENT} file. Older generations are deleted afterwards.
 */
public final class SampleStoreWriter {
    static final String CURRENT = "CURRENT";
    static final String MANIFEST = "manifest.json";
    static final String STATS = "stats.json";
    static final String GENERATION_PREFIX = "gen-";

    private SampleStoreWriter() {}

    /**
     * Writes {@code set} as the current content of {@code dir}, creating it if needed. A failure before the new
     * generation becomes current (a full disk) removes what it wrote and leaves the old store as it was; a failure to
     * tidy up after it became current (an old generation that cannot be deleted) does not undo the write and is
     * returned as a warning.
     */
    public static WrittenStore write(Path dir, SampleSet set) {
        checkTarget(dir);
        String generation = GENERATION_PREFIX + UUID.randomUUID().toString().substring(0, 13);
        Path genDir = dir.resolve(generation);
        StoreStats stats;
        try {
            stats = writeGeneration(genDir, set);
            AtomicFiles.writeString(dir.resolve(CURRENT), generation + "\n");
        } catch (IOException | RuntimeException e) {
            try {
                AtomicFiles.deleteTree(genDir);
            } catch (IOException | RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            if (e instanceof IOException io) {
                throw new UncheckedIOException("could not write the sample store " + dir + ": " + e.getMessage(), io);
            }
            throw (RuntimeException) e;
        }
        List<String> warnings = new ArrayList<>();
        try {
            AtomicFiles.writeJson(dir.resolve(STATS), stats);
        } catch (UncheckedIOException e) {
            warnings.add("could not update " + dir.resolve(STATS) + " (the store's own copy is current): " + e.getMessage());
        }
        deleteOtherGenerations(dir, generation, warnings);
        return new WrittenStore(stats, warnings);
    }

    private static StoreStats writeGeneration(Path genDir, SampleSet set) throws IOException {
        Files.createDirectories(genDir);
        Map<String, Manifest.VocabularyEntry> vocabularies = new LinkedHashMap<>();
        for (var entry : set.vocabularies().entrySet()) {
            String file = "vocab/" + entry.getKey() + ".json";
            AtomicFiles.writeJson(genDir.resolve(file), VocabularyFile.of(entry.getValue()));
            vocabularies.put(entry.getKey(), new Manifest.VocabularyEntry(file, entry.getValue().size()));
        }
        Map<String, Manifest.SplitEntry> splits = new LinkedHashMap<>();
        for (Split split : Split.values()) {
            SplitColumns columns = set.splits().get(split);
            Map<String, Manifest.ColumnEntry> entries = new LinkedHashMap<>();
            for (var column : columns.columns().entrySet()) {
                String file = split.id() + "/" + column.getKey() + ".bin";
                entries.put(column.getKey(), writeColumn(genDir.resolve(file), file, column.getValue()));
            }
            splits.put(split.id(), new Manifest.SplitEntry(columns.rows(), entries));
        }
        StoreStats stats = StoreStats.of(set);
        AtomicFiles.writeJson(genDir.resolve(STATS), stats);
        AtomicFiles.writeJson(genDir.resolve(MANIFEST), new Manifest(Manifest.FORMAT, Manifest.VERSION, set.info(),
                set.schema().fields(), vocabularies, splits));
        syncTree(genDir);
        return stats;
    }

    /**
     * Refuses a target that is not a sample store and not empty, before any work: what {@link #write} refuses, for
     * jobs that would otherwise find out only at the end.
     */
    public static void checkTarget(Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new BadInputException(dir, "exists and is not a directory; expected a sample store directory");
        }
        if (Files.isDirectory(dir) && !Files.exists(dir.resolve(CURRENT))) {
            try (Stream<Path> entries = Files.list(dir)) {
                if (entries.anyMatch(p -> !p.getFileName().toString().startsWith(GENERATION_PREFIX))) {
                    throw new BadInputException(dir, "exists, is not empty and is not a sample store (no CURRENT file); "
                            + "choose a new or empty directory so nothing of yours is overwritten");
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static Manifest.ColumnEntry writeColumn(Path path, String file, Column column) throws IOException {
        Files.createDirectories(path.getParent());
        MessageDigest sha = Checksums.newDigest("SHA-256");
        ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
        int elementBytes = column.type().bytes();
        int perChunk = buffer.capacity() / elementBytes;
        long bytes = 0;
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (int offset = 0; offset < column.length(); offset += perChunk) {
                int count = Math.min(perChunk, column.length() - offset);
                buffer.clear();
                switch (column) {
                    case Column.Ints ints -> buffer.asIntBuffer().put(ints.values(), offset, count);
                    case Column.Longs longs -> buffer.asLongBuffer().put(longs.values(), offset, count);
                    case Column.Floats floats -> buffer.asFloatBuffer().put(floats.values(), offset, count);
                }
                buffer.limit(count * elementBytes);
                sha.update(buffer.duplicate());
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                bytes += (long) count * elementBytes;
            }
            channel.force(true);
        }
        return new Manifest.ColumnEntry(file, column.type(), column.width(), bytes, HexFormat.of().formatHex(sha.digest()));
    }

    private static void syncTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.filter(Files::isDirectory).forEach(AtomicFiles::syncDirectory);
        }
        AtomicFiles.syncDirectory(dir.getParent());
    }

    /** Removes older generations and temporary files that interrupted writes left behind; what stays is a warning. */
    private static void deleteOtherGenerations(Path dir, String keep, List<String> warnings) {
        List<Path> entries;
        try (Stream<Path> listed = Files.list(dir)) {
            entries = listed.toList();
        } catch (IOException e) {
            warnings.add("could not list " + dir + " to remove older generations: " + e.getMessage());
            return;
        }
        for (Path entry : entries) {
            String name = entry.getFileName().toString();
            try {
                if (name.startsWith(GENERATION_PREFIX) && !name.equals(keep)) {
                    AtomicFiles.deleteTree(entry);
                } else if (name.startsWith(".") && name.endsWith(".tmp")) {
                    // A temporary file of an atomic write that a crash interrupted.
                    Files.deleteIfExists(entry);
                }
            } catch (IOException e) {
                warnings.add("could not remove the old " + entry + "; delete it by hand: " + e.getMessage());
            }
        }
    }
}
