package org.recllm.ctr.train;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.recllm.core.io.BadInputException;
import org.recllm.core.io.Checksums;

/**
 * Finished training runs of an experiment, one JSON line each, appended and forced to disk as they finish: an
 * experiment killed at any point resumes from the runs already done, and experiments that share a journal share runs
 * whose key is equal (e.g. the baseline of several ablations). A torn last line, left by a kill during the append,
 * is dropped at the first append; damage anywhere else is an error naming the line. The file is created by the first
 * finished run, so an experiment that fails before finishing one leaves nothing behind.
 */
public final class RunJournal implements AutoCloseable {
    private static final ObjectMapper LINES = new ObjectMapper();

    /** One journal line. */
    record Entry(String key, SeedResult result) {}

    private final Path file;
    private final Map<String, SeedResult> done = new HashMap<>();
    private final long goodBytes;
    private FileChannel channel;

    private RunJournal(Path file) throws IOException {
        this.file = file;
        long good = 0;
        if (file != null && Files.exists(file)) {
            byte[] content = Files.readAllBytes(file);
            // Every complete line ends in a newline; bytes after the last one are an append cut short by a kill.
            int line = 0;
            for (int from = 0, end = indexOf(content, from); end >= 0; from = end + 1, end = indexOf(content, from)) {
                line++;
                String text = new String(content, from, end - from, StandardCharsets.UTF_8);
                try {
                    Entry entry = LINES.readValue(text, Entry.class);
                    if (entry.key() == null || entry.result() == null) {
                        throw new BadInputException(file, line, "key", "expected a key and a result");
                    }
                    done.put(entry.key(), entry.result());
                } catch (JacksonException e) {
                    throw new BadInputException(file, line, null, "is not a journal entry: " + e.getOriginalMessage());
                }
                good = end + 1;
            }
        }
        this.goodBytes = good;
    }

    /** Opens the file for appending on the first record, so a run that finishes nothing leaves no empty journal. */
    private FileChannel channel() throws IOException {
        if (channel == null && file != null) {
            Files.createDirectories(file.toAbsolutePath().getParent());
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            channel.truncate(goodBytes);
            channel.position(goodBytes);
        }
        return channel;
    }

    private static int indexOf(byte[] content, int from) {
        for (int i = from; i < content.length; i++) {
            if (content[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** A journal kept in memory only: runs are shared within this process and nothing resumes after it. */
    public static RunJournal inMemory() {
        try {
            return new RunJournal(null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Opens (or creates) the journal at {@code file}. */
    public static RunJournal open(Path file) {
        try {
            return new RunJournal(file);
        } catch (IOException e) {
            throw new UncheckedIOException("could not open the run journal " + file + ": " + e.getMessage(), e);
        }
    }

    public Optional<SeedResult> find(String key) {
        return Optional.ofNullable(done.get(key));
    }

    public int size() {
        return done.size();
    }

    /**
     * Where an unfinished run with this key keeps its resume point: a file named by the key's hash in a folder beside
     * the journal ({@code FILE.resume/}), or null for a journal kept in memory.
     */
    public Path resumeFile(String key) {
        if (file == null) {
            return null;
        }
        String name = file.getFileName().toString().replaceFirst("\\.jsonl$", "");
        return file.resolveSibling(name + ".resume").resolve(Checksums.sha256(key.getBytes(StandardCharsets.UTF_8))
                .substring(0, 32) + ".ckpt");
    }

    /** Appends a finished run and forces it to disk before returning. */
    public void record(String key, SeedResult result) {
        try {
            byte[] line = (LINES.writeValueAsString(new Entry(key, result)) + "\n").getBytes(StandardCharsets.UTF_8);
            ByteBuffer buffer = ByteBuffer.wrap(line);
            FileChannel out = channel();
            while (out != null && buffer.hasRemaining()) {
                out.write(buffer);
            }
            if (out != null) {
                out.force(false);
            }
            done.put(key, result);
        } catch (IOException e) {
            throw new UncheckedIOException("could not append to the run journal " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("could not close the run journal " + file + ": " + e.getMessage(), e);
        }
    }
}
