package org.recllm.rank.retrieval;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import org.recllm.core.io.AtomicFiles;
import org.recllm.core.io.BadInputException;
import org.recllm.data.protocol.Split;
import org.recllm.data.store.SampleStore;

/**
 * The output of {@code rank retrieve}: per split, for every row, the positions of its retrieved history steps (k
 * little-endian int32 per row, −1 for none, in {@code SPLIT.positions}), with {@code retrieval.json} naming the
 * sample store (and its content id, so positions are never read against other samples), the history group and how
 * the item vectors were made. Positions index the store's history columns, so every field of a step stays available.
 */
public record RetrievedHistory(Manifest manifest, Map<Split, int[]> positions) {
    public static final String MANIFEST = "retrieval.json";

    public record Manifest(String samples, @JsonProperty("samples_id") String samplesId, String group, int k,
                           @JsonProperty("item_vectors") String itemVectors, @JsonProperty("item_texts") String itemTexts,
                           Map<String, Integer> rows) {}

    public int[] of(Split split) {
        return positions.get(split);
    }

    public void write(Path dir) {
        for (Map.Entry<Split, int[]> entry : positions.entrySet()) {
            int[] values = entry.getValue();
            AtomicFiles.write(dir.resolve(fileName(entry.getKey())), out -> {
                ByteBuffer buffer = ByteBuffer.allocate(values.length * Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN);
                buffer.asIntBuffer().put(values);
                out.write(buffer.array());
            });
        }
        AtomicFiles.writeJson(dir.resolve(MANIFEST), manifest);
    }

    /** Reads a retrieval made for {@code store}; anything else is refused with the reason. */
    public static RetrievedHistory read(Path dir, SampleStore store) {
        Path manifestFile = dir.resolve(MANIFEST);
        Manifest manifest;
        try {
            manifest = AtomicFiles.JSON.readValue(manifestFile.toFile(), Manifest.class);
        } catch (IOException e) {
            throw new BadInputException(manifestFile, "is not a retrieval manifest (run rank retrieve): " + e.getMessage());
        }
        if (!manifest.samplesId().equals(store.contentId())) {
            throw new BadInputException(manifestFile, "was retrieved for other samples (" + manifest.samples()
                    + "); run rank retrieve on " + store.directory());
        }
        Map<Split, int[]> positions = new EnumMap<>(Split.class);
        for (Split split : Split.values()) {
            int rows = store.split(split).rows();
            Path file = dir.resolve(fileName(split));
            try {
                byte[] bytes = Files.readAllBytes(file);
                if (bytes.length != rows * manifest.k() * Integer.BYTES) {
                    throw new BadInputException(file, "has " + bytes.length + " bytes; " + rows + " rows × " + manifest.k()
                            + " positions × 4 expected");
                }
                int[] values = new int[rows * manifest.k()];
                ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(values);
                positions.put(split, values);
            } catch (IOException e) {
                throw new BadInputException(file, "cannot be read: " + e.getMessage());
            }
        }
        return new RetrievedHistory(manifest, positions);
    }

    private static String fileName(Split split) {
        return split.name().toLowerCase(java.util.Locale.ROOT) + ".positions";
    }
}
