package org.recllm.data.store;

import com.fasterxml.jackson.core.JacksonException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.recllm.core.io.AtomicFiles;
import org.recllm.core.io.BadInputException;
import org.recllm.core.io.Checksums;
import org.recllm.data.protocol.Split;
import org.recllm.data.schema.Schema;
import org.recllm.data.schema.Vocabulary;

/** An open sample store: schema, vocabularies and memory-mapped columns of the current generation. */
public final class SampleStore implements AutoCloseable {
    private final Path dir;
    private final Path generation;
    private final Manifest manifest;
    private final Schema schema;
    private final Map<String, Vocabulary> vocabularies;
    private final Map<Split, SplitView> splits = new EnumMap<>(Split.class);
    private final Arena arena = Arena.ofShared();

    private SampleStore(Path dir) throws IOException {
        this.dir = dir;
        Path current = dir.resolve(SampleStoreWriter.CURRENT);
        String name;
        try {
            // Any bytes decode in ISO-8859-1, so damage shows as a name that is not a generation's, not as a decoding error.
            name = Files.readString(current, StandardCharsets.ISO_8859_1).strip();
        } catch (NoSuchFileException e) {
            throw new BadInputException(dir, "is not a sample store (no CURRENT file); prepare one from a dataset first");
        }
        if (!name.matches(SampleStoreWriter.GENERATION_PREFIX + "[0-9a-f-]+")) {
            throw new BadInputException(current, "holds '" + name + "'; expected the name of a generation folder, "
                    + SampleStoreWriter.GENERATION_PREFIX + " and hex digits: the store is damaged");
        }
        this.generation = dir.resolve(name);
        if (!Files.isDirectory(generation)) {
            throw new BadInputException(current, "names the generation '" + name + "', which is not a folder of "
                    + dir + "; the store is damaged");
        }
        Path manifestFile = generation.resolve(SampleStoreWriter.MANIFEST);
        // The format and version first: an older manifest may not even parse as today's.
        var tree = readJson(manifestFile, com.fasterxml.jackson.databind.JsonNode.class, "store manifest");
        String format = tree.path("format").asText();
        int version = tree.path("version").asInt();
        if (!Manifest.FORMAT.equals(format) || version != Manifest.VERSION) {
            throw new BadInputException(manifestFile, "holds format " + format + " v" + version + "; this RecLLM reads "
                    + Manifest.FORMAT + " v" + Manifest.VERSION + (Manifest.FORMAT.equals(format) && version < Manifest.VERSION
                    ? " (the store was prepared by an older RecLLM: prepare it again from its dataset)" : ""));
        }
        try {
            this.manifest = AtomicFiles.JSON.treeToValue(tree, Manifest.class);
        } catch (JacksonException e) {
            throw new BadInputException(manifestFile, "is not a valid store manifest: " + e.getOriginalMessage());
        }
        try {
            this.schema = new Schema(manifest.fields());
        } catch (IllegalArgumentException e) {
            throw new BadInputException(manifestFile, "lists fields that do not form a schema: " + e.getMessage());
        }
        Map<String, Vocabulary> vocabs = new LinkedHashMap<>();
        for (var entry : manifest.vocabularies().entrySet()) {
            Path file = generation.resolve(entry.getValue().file());
            try {
                vocabs.put(entry.getKey(), readJson(file, VocabularyFile.class, "vocabulary file").toVocabulary());
            } catch (IllegalArgumentException e) {
                throw new BadInputException(file, "is not a valid vocabulary: " + e.getMessage());
            }
        }
        this.vocabularies = Map.copyOf(vocabs);
        for (Split split : Split.values()) {
            Manifest.SplitEntry entry = manifest.splits().get(split.id());
            if (entry == null) {
                throw new BadInputException(manifestFile, "lists no split '" + split.id() + "'");
            }
            Map<String, MemorySegment> segments = new LinkedHashMap<>();
            for (var column : entry.columns().entrySet()) {
                segments.put(column.getKey(), map(column.getValue(), entry.rows()));
            }
            splits.put(split, new SplitView(split, entry.rows(), entry.columns(), segments));
        }
    }

    /**
     * A fingerprint of the samples (the checksums of every column of every split): equal for two preparations of
     * the same data with the same protocol, so results computed from these samples can be keyed by it.
     */
    public String contentId() {
        StringBuilder columns = new StringBuilder();
        new TreeMap<>(manifest.splits()).forEach((split, entry) -> new TreeMap<>(entry.columns())
                .forEach((name, column) -> columns.append(split).append('/').append(name).append('=')
                        .append(column.sha256()).append('\n')));
        return Checksums.sha256(columns.toString().getBytes(StandardCharsets.UTF_8)).substring(0, 16);
    }

    /**
     * Opens the store and checks it as a model needs it ({@link #verify()}): the way to open a store for training, so
     * that damage fails before the first step, naming the column. Takes a fraction of a second for ML-100K.
     */
    public static SampleStore openVerified(Path dir) {
        SampleStore store = open(dir);
        try {
            store.verify();
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        return store;
    }

    /** Opens the store's current generation; the store stays readable while a new one is written. */
    public static SampleStore open(Path dir) {
        try {
            return new SampleStore(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("could not open the sample store " + dir + ": " + e.getMessage(), e);
        }
    }

    private MemorySegment map(Manifest.ColumnEntry column, int rows) throws IOException {
        Path file = generation.resolve(column.file());
        long expected = (long) rows * column.width() * column.type().bytes();
        if (column.bytes() != expected) {
            throw new BadInputException(file, "the manifest lists " + column.bytes() + " bytes; " + rows + " rows of width "
                    + column.width() + " need " + expected);
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            if (channel.size() != expected) {
                throw new BadInputException(file, "holds " + channel.size() + " bytes; expected " + expected + " (truncated?)");
            }
            return expected == 0 ? MemorySegment.NULL.reinterpret(0)
                    : channel.map(FileChannel.MapMode.READ_ONLY, 0, expected, arena);
        } catch (NoSuchFileException e) {
            throw missing(file);
        }
    }

    private static final String MISSING = "is missing; the store is damaged";

    /** A JSON file of the generation; missing or unparsable is damage to the store, named as such. */
    private static <T> T readJson(Path file, Class<T> type, String what) {
        return AtomicFiles.readJson(file, type, what, MISSING);
    }

    private static BadInputException missing(Path file) {
        return new BadInputException(file, MISSING);
    }

    /**
     * Checks every column against the schema and the vocabularies (presence, type, width, every id inside its
     * vocabulary, labels 0 or 1, finite numbers) and re-reads it against the checksum recorded when it was written;
     * damage is a {@link BadInputException} whose field names the split and column.
     */
    public void verify() {
        new StoreVerification(generation, manifest, schema, vocabularies).verify(splits);
    }

    public Path directory() {
        return dir;
    }

    public StoreInfo info() {
        return manifest.info();
    }

    public Schema schema() {
        return schema;
    }

    public Vocabulary vocabulary(String name) {
        Vocabulary vocabulary = vocabularies.get(name);
        if (vocabulary == null) {
            throw new IllegalArgumentException("no vocabulary '" + name + "'; the store has " + vocabularies.keySet());
        }
        return vocabulary;
    }

    public Map<String, Vocabulary> vocabularies() {
        return vocabularies;
    }

    public SplitView split(Split split) {
        return splits.get(split);
    }

    public StoreStats stats() {
        return readJson(generation.resolve(SampleStoreWriter.STATS), StoreStats.class, "stats file");
    }

    @Override
    public void close() {
        arena.close();
    }
}
