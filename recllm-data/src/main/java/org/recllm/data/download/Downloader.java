package org.recllm.data.download;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import org.recllm.core.io.AtomicFiles;
import org.recllm.core.io.Checksums;
import org.recllm.core.progress.Progress;

/**
 * Downloads one file resumably: bytes accumulate in {@code target + ".part"}, a rerun asks the server for the rest
 * with an HTTP Range request (a server that ignores it sends everything again), and the file appears under its name
 * only after its MD5 matches.
 */
public final class Downloader {
    private final HttpClient client;

    public Downloader() {
        this(HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(20)).build());
    }

    Downloader(HttpClient client) {
        this.client = client;
    }

    /** Fetches {@code source}'s archive to {@code target} unless a verified copy is already there. */
    public void fetch(DatasetSource source, Path target) throws DownloadException {
        if (Files.exists(target) && Checksums.md5(target).equals(source.archiveMd5())) {
            return;
        }
        Path part = target.resolveSibling(target.getFileName() + ".part");
        try {
            Files.createDirectories(target.toAbsolutePath().getParent());
            long have = Files.exists(part) ? Files.size(part) : 0;
            boolean sized = source.sizeBytes() >= 0;
            if (sized && have > source.sizeBytes()) {
                Files.delete(part);
                have = 0;
            }
            if (!sized || have < source.sizeBytes()) {
                transfer(source, part, have);
            }
            String md5 = Checksums.md5(part);
            if (!md5.equals(source.archiveMd5())) {
                Files.delete(part);
                throw new DownloadException("the download of " + source.url() + " has MD5 " + md5 + ", expected "
                        + source.archiveMd5() + "; the partial file was removed, run again to retry");
            }
            AtomicFiles.moveAtomically(part, target);
        } catch (IOException e) {
            throw new DownloadException("could not download " + source.url() + ": " + describe(e)
                    + (Files.exists(part) ? " (the bytes so far are kept in " + part + "; a rerun resumes)" : ""), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DownloadException("the download of " + source.url() + " was interrupted", e);
        }
    }

    private void transfer(DatasetSource source, Path part, long have) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(source.url()).timeout(Duration.ofMinutes(10)).GET();
        if (have > 0) {
            request.header("Range", "bytes=" + have + "-");
        }
        HttpResponse<InputStream> response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        int status = response.statusCode();
        if (status == 416 && have > 0) {
            response.body().close();
            return;
        }
        boolean append = have > 0 && status == 206;
        if (status != 200 && status != 206) {
            response.body().close();
            throw new IOException("the server answered HTTP " + status);
        }
        long start = append ? have : 0;
        StandardOpenOption mode = append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING;
        try (InputStream in = response.body();
             OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE, mode);
             Progress progress = Progress.start("download " + source.dataset(), "bytes", source.sizeBytes())) {
            progress.advance(start);
            byte[] buffer = new byte[1 << 16];
            int read;
            while ((read = in.read(buffer)) > 0) {
                out.write(buffer, 0, read);
                progress.advance(read);
            }
        }
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
