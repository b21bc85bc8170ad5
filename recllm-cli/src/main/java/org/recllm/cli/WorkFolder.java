package org.recllm.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.recllm.core.io.BadInputException;

/**
 * A resumable command's work folder, held by one process at a time: a second run writing the same output is refused
 * instead of corrupting the first one's resume point. The lock goes with the process, so a crashed run leaves none.
 */
final class WorkFolder implements AutoCloseable {
    private final Path path;
    private final FileChannel channel;
    private final FileLock lock;

    private WorkFolder(Path path, FileChannel channel, FileLock lock) {
        this.path = path;
        this.channel = channel;
        this.lock = lock;
    }

    /** Creates {@code path} if needed and locks it; {@code option} names the output that chose it. */
    static WorkFolder lock(Path path, String option) {
        try {
            Files.createDirectories(path);
            FileChannel channel = FileChannel.open(path.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                throw new BadInputException(option, 0, null, "another run is writing " + path + "; wait for it to end");
            }
            return new WorkFolder(path, channel, lock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock the work folder " + path, e);
        }
    }

    Path path() {
        return path;
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
