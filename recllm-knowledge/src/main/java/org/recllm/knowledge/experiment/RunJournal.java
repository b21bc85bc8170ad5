package org.recllm.knowledge.experiment;

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
import org.recllm.ctr.train.SeedResult;

/**
 * Finished training runs of an experiment, one JSON line each, appended and forced to disk as they finish: an
 * experiment killed at any point resumes from the runs already done, and experiments that share a journal share runs
 * whose key is equal (e.g. the baseline of several ablations). A torn last line, left by a kill during the append,
 * is dropped on open; damage anywhere else is an error naming the line.
 */
public final class RunJournal implements AutoCloseable {
    private static final ObjectMapper LINES = new ObjectMapper();

    /** One journal line. */
    record Entry(String key, SeedResult result) {}

    private final Path file;
    private final Map<String, SeedResult> done = new HashMap<>();
    private final FileChannel channel;

    private RunJournal(Path file) throws IOException {
        this.file = file;
        long goodBytes = 0;
        if (Files.exists(file)) {
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
                goodBytes = end + 1;
            }
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        channel.truncate(goodBytes);
        channel.position(goodBytes);
    }

    private static int indexOf(byte[] content, int from) {
        for (int i = from; i < content.length; i++) {
            if (content[i] == '\n') {
                return i;
            }
        }
        return -1;
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

    /** Appends a finished run and forces it to disk before returning. */
    public void record(String key, SeedResult result) {
        try {
            byte[] line = (LINES.writeValueAsString(new Entry(key, result)) + "\n").getBytes(StandardCharsets.UTF_8);
            ByteBuffer buffer = ByteBuffer.wrap(line);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(false);
            done.put(key, result);
        } catch (IOException e) {
            throw new UncheckedIOException("could not append to the run journal " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("could not close the run journal " + file + ": " + e.getMessage(), e);
        }
    }
}
