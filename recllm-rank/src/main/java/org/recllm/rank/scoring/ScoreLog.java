package org.recllm.rank.scoring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.recllm.core.io.AtomicFiles;
import org.recllm.core.io.BadInputException;
import org.recllm.core.io.Float32Bytes;

/**
 * The scores of an evaluation kept on disk as they are computed (little-endian floats in row order, forced to disk
 * after each batch), so that a stopped evaluation resumes after its last scored row: on a large model a test split
 * is hours of scoring. A log belongs to one run key; a torn last write is cut back to whole scores.
 */
public final class ScoreLog implements AutoCloseable {
    static final String SCORES = "scores.f32";
    static final String KEY = "key.txt";

    private final FileChannel channel;
    private final float[] done;

    private ScoreLog(FileChannel channel, float[] done) {
        this.channel = channel;
        this.done = done;
    }

    /** The log in {@code dir} for {@code runKey}, created when absent; a log of another run is refused. */
    public static ScoreLog open(Path dir, String runKey) {
        try {
            Files.createDirectories(dir);
            Path keyFile = dir.resolve(KEY);
            if (Files.exists(keyFile)) {
                String stored = Files.readString(keyFile);
                if (!stored.equals(runKey)) {
                    throw new BadInputException(keyFile, "holds the scores of another evaluation (" + stored
                            + "); remove " + dir + " to start over");
                }
            } else {
                Files.deleteIfExists(dir.resolve(SCORES));
                AtomicFiles.writeString(keyFile, runKey);
            }
            Path scores = dir.resolve(SCORES);
            FileChannel channel = FileChannel.open(scores, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            int whole = Math.toIntExact(channel.size() / Float.BYTES);
            channel.truncate((long) whole * Float.BYTES);
            float[] done = Float32Bytes.toFloats(Files.readAllBytes(scores), whole);
            channel.position((long) whole * Float.BYTES);
            return new ScoreLog(channel, done);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the score log in " + dir, e);
        }
    }

    /** The scores of the rows scored before this process, in row order. */
    public float[] done() {
        return done.clone();
    }

    /** Appends {@code count} scores from {@code scores[from]} and forces them to disk. */
    public void append(float[] scores, int from, int count) {
        ByteBuffer bytes = ByteBuffer.wrap(Float32Bytes.toBytes(scores, from, count));
        try {
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the score log", e);
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
