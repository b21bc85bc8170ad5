package org.recllm.core.checkpoint;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.recllm.core.io.AtomicFiles;
import org.recllm.core.io.BadInputException;
import org.recllm.core.io.Checksums;
import org.recllm.core.nn.ParameterSet;
import org.recllm.core.optim.Optimizer;

/**
 * Model (and optionally optimiser) state in one versioned file: magic, version, a JSON header naming the model, its
 * configuration and every array, the arrays as little-endian float32, and a SHA-256 of all that. Written atomically;
 * a load verifies the checksum before it changes anything, and refuses a checkpoint of another model or shape.
 */
public final class Checkpoint {
    static final byte[] MAGIC = "RECLLMCK".getBytes(StandardCharsets.US_ASCII);
    /** 2 added the note and extra arrays (for resumable training); version 1 files are still read. */
    static final int VERSION = 2;

    /**
     * What the header says: which model, with which configuration, holding which arrays, and a note from whoever saved
     * it (e.g. a trainer's position; null when none).
     */
    public record Header(String model, String config, String created, List<Entry> entries, String note) {}

    /** One stored array. */
    public record Entry(String name, int length) {}

    private Checkpoint() {}

    public static void save(Path file, String model, String config, ParameterSet parameters, Optimizer optimizer) {
        save(file, model, config, parameters, optimizer, Map.of(), null);
    }

    /**
     * Saves the model, the optimizer (when given), {@code extra} arrays of the caller's (e.g. the best epoch's
     * weights) and a {@code note} (e.g. the trainer's position as JSON), all under one checksum, atomically.
     */
    public static void save(Path file, String model, String config, ParameterSet parameters, Optimizer optimizer,
                            Map<String, float[]> extra, String note) {
        Map<String, float[]> arrays = arrays(parameters, optimizer);
        extra.forEach((name, values) -> arrays.put("extra:" + name, values));
        List<Entry> entries = new ArrayList<>();
        arrays.forEach((name, values) -> entries.add(new Entry(name, values.length)));
        Header header = new Header(model, config, Instant.now().toString(), entries, note);
        AtomicFiles.write(file, raw -> {
            MessageDigest sha = Checksums.newDigest("SHA-256");
            DataOutputStream out = new DataOutputStream(new DigestOutputStream(raw, sha));
            out.write(MAGIC);
            out.writeInt(VERSION);
            byte[] json = AtomicFiles.JSON.writeValueAsBytes(header);
            out.writeInt(json.length);
            out.write(json);
            ByteBuffer buffer = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
            for (float[] values : arrays.values()) {
                for (float value : values) {
                    if (buffer.remaining() < 4) {
                        out.write(buffer.array(), 0, buffer.position());
                        buffer.clear();
                    }
                    buffer.putFloat(value);
                }
            }
            out.write(buffer.array(), 0, buffer.position());
            out.flush();
            raw.write(sha.digest());
        });
    }

    /** Reads only the header (to tell which model a file holds). */
    public static Header header(Path file) {
        try (DataInputStream in = new DataInputStream(open(file))) {
            return readHeader(file, in);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read checkpoint " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Restores {@code parameters} (and {@code optimizer} when given and saved) from {@code file}, which must hold a
     * {@code model} checkpoint with exactly these arrays; returns its header.
     */
    public static Header load(Path file, String model, ParameterSet parameters, Optimizer optimizer) {
        return load(file, model, parameters, optimizer, Map.of());
    }

    /** As {@link #load(Path, String, ParameterSet, Optimizer)}, also filling {@code extra} arrays saved by that name. */
    public static Header load(Path file, String model, ParameterSet parameters, Optimizer optimizer,
                              Map<String, float[]> extra) {
        Map<String, float[]> target = arrays(parameters, optimizer);
        extra.forEach((name, values) -> target.put("extra:" + name, values));
        Map<String, float[]> loaded = new LinkedHashMap<>();
        Header header;
        MessageDigest sha = Checksums.newDigest("SHA-256");
        try (InputStream raw = open(file); DataInputStream in = new DataInputStream(new DigestInputStream(raw, sha))) {
            header = readHeader(file, in);
            if (!header.model().equals(model)) {
                throw new BadInputException(file, "holds a '" + header.model() + "' model; expected '" + model + "'");
            }
            byte[] bytes = new byte[1 << 16];
            for (Entry entry : header.entries()) {
                float[] values = new float[entry.length()];
                int done = 0;
                while (done < values.length) {
                    int count = Math.min(bytes.length / 4, values.length - done);
                    in.readFully(bytes, 0, count * 4);
                    ByteBuffer.wrap(bytes, 0, count * 4).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values, done, count);
                    done += count;
                }
                loaded.put(entry.name(), values);
            }
            byte[] expected = sha.digest();
            byte[] stored = raw.readNBytes(32);
            if (!Arrays.equals(expected, stored) || raw.read() >= 0) {
                throw new BadInputException(file, "is damaged: its SHA-256 does not match its content");
            }
        } catch (EOFException e) {
            throw new BadInputException(file, "is truncated: it ends before the arrays its header lists");
        } catch (IOException e) {
            throw new UncheckedIOException("could not read checkpoint " + file + ": " + e.getMessage(), e);
        }
        List<String> problems = new ArrayList<>();
        target.forEach((name, values) -> {
            float[] saved = loaded.get(name);
            boolean required = name.startsWith("model:") || name.startsWith("extra:");
            String shortName = name.substring(name.indexOf(':') + 1);
            if (required && saved == null) {
                problems.add(shortName + " is missing");
            } else if (required && saved.length != values.length) {
                problems.add(shortName + " has " + saved.length + " values, this model " + values.length);
            }
        });
        if (!problems.isEmpty()) {
            throw new BadInputException(file, "does not fit this " + model + " model (another configuration?): "
                    + String.join("; ", problems));
        }
        if (optimizer != null && hasOptimizerState(loaded)) {
            Map<String, float[]> state = new LinkedHashMap<>();
            loaded.forEach((name, values) -> {
                if (name.startsWith("optimizer:")) {
                    state.put(name.substring("optimizer:".length()), values);
                }
            });
            optimizer.restore(state);
        }
        target.forEach((name, values) -> {
            if (name.startsWith("model:") || name.startsWith("extra:")) {
                System.arraycopy(loaded.get(name), 0, values, 0, values.length);
            }
        });
        return header;
    }

    private static boolean hasOptimizerState(Map<String, float[]> loaded) {
        return loaded.keySet().stream().anyMatch(name -> name.startsWith("optimizer:"));
    }

    private static InputStream open(Path file) throws IOException {
        try {
            return Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            throw new BadInputException(file, "checkpoint not found");
        }
    }

    private static Header readHeader(Path file, DataInputStream in) throws IOException {
        byte[] magic = new byte[MAGIC.length];
        int read = in.readNBytes(magic, 0, magic.length);
        if (read != magic.length || !Arrays.equals(magic, MAGIC)) {
            throw new BadInputException(file, "is not a RecLLM checkpoint (wrong magic bytes)");
        }
        int version = in.readInt();
        if (version != VERSION && version != 1) {
            throw new BadInputException(file, "has checkpoint format version " + version + "; this RecLLM reads version " + VERSION);
        }
        int length = in.readInt();
        if (length < 0 || length > (64 << 20)) {
            throw new BadInputException(file, "has an implausible header length " + length + " (damaged?)");
        }
        byte[] json = new byte[length];
        in.readFully(json);
        return AtomicFiles.JSON.readValue(json, Header.class);
    }

    /** The arrays a checkpoint of this model holds, by name: parameters, buffers, then optimizer state. */
    private static Map<String, float[]> arrays(ParameterSet parameters, Optimizer optimizer) {
        Map<String, float[]> arrays = new LinkedHashMap<>();
        parameters.dense().forEach((name, t) -> arrays.put("model:" + name, sized(t.data(), t.size())));
        parameters.tables().forEach((name, table) -> arrays.put("model:" + name, table.weights()));
        parameters.buffers().forEach((name, t) -> arrays.put("model:" + name, sized(t.data(), t.size())));
        if (optimizer != null) {
            optimizer.state().forEach((name, values) -> arrays.put("optimizer:" + name, values));
        }
        return arrays;
    }

    private static float[] sized(float[] data, int size) {
        if (data.length != size) {
            throw new IllegalStateException("parameters own exactly-sized arrays");
        }
        return data;
    }
}
