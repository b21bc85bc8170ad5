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
import java.util.List;
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
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            byte[] content = Files.readAllBytes(file);
            boolean endsWithNewline = content.length > 0 && content[content.length - 1] == '\n';
            for (int i = 0; i < lines.size(); i++) {
                boolean last = i == lines.size() - 1;
                try {
                    Entry entry = LINES.readValue(lines.get(i), Entry.class);
                    if (entry.key() == null || entry.result() == null) {
                        throw new BadInputException(file, i + 1, "key", "expected a key and a result");
                    }
                    if (last && !endsWithNewline) {
                        break;
                    }
                    done.put(entry.key(), entry.result());
                    goodBytes += lines.get(i).getBytes(StandardCharsets.UTF_8).length + 1;
                } catch (JacksonException e) {
                    if (!last) {
                        throw new BadInputException(file, i + 1, null, "is not a journal entry: " + e.getOriginalMessage());
                    }
                }
            }
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        channel.truncate(goodBytes);
        channel.position(goodBytes);
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
