package org.recllm.data.download;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.recllm.core.io.Checksums;

/**
 * An HTTP server on 127.0.0.1 that serves one archive at {@code /archive.zip}, honours "Range: bytes=N-" with 206
 * unless told not to, and can cut its next answer off after a number of body bytes. It records the Range header of
 * every request ("none" when absent).
 */
final class LocalArchiveServer implements AutoCloseable {
    private final HttpServer server;
    private final byte[] archive;
    private final List<String> ranges = new CopyOnWriteArrayList<>();
    private volatile int status = 200;
    private volatile boolean honourRange = true;
    private volatile int cutNextAfter = -1;

    LocalArchiveServer(byte[] archive) {
        this.archive = archive;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/archive.zip", this::handle);
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/archive.zip");
    }

    /** A source for the served archive with its real size and MD5, unpacking folder {@code folder}. */
    DatasetSource source(String dataset, String folder) {
        return new DatasetSource(dataset, uri(), archive.length, md5(archive), folder);
    }

    List<String> ranges() {
        return ranges;
    }

    void answerWith(int status) {
        this.status = status;
    }

    void ignoreRange() {
        honourRange = false;
    }

    /** The next answer sends its headers for the whole body, then only {@code bytes} bytes, then drops the connection. */
    void cutNextAfter(int bytes) {
        cutNextAfter = bytes;
    }

    private void handle(HttpExchange exchange) throws IOException {
        String range = exchange.getRequestHeaders().getFirst("Range");
        ranges.add(range == null ? "none" : range);
        if (status != 200) {
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
            return;
        }
        int start = 0;
        int code = 200;
        if (range != null && honourRange) {
            start = Integer.parseInt(range.substring("bytes=".length(), range.length() - 1));
            if (start >= archive.length) {
                exchange.getResponseHeaders().add("Content-Range", "bytes */" + archive.length);
                exchange.sendResponseHeaders(416, -1);
                exchange.close();
                return;
            }
            code = 206;
            exchange.getResponseHeaders().add("Content-Range",
                    "bytes " + start + "-" + (archive.length - 1) + "/" + archive.length);
        }
        exchange.sendResponseHeaders(code, archive.length - start);
        OutputStream body = exchange.getResponseBody();
        int cut = cutNextAfter;
        if (cut >= 0) {
            cutNextAfter = -1;
            body.write(archive, start, cut);
            body.flush();
            pause();
            // an exception from the handler makes the server drop the connection mid-body
            throw new IOException("cut off after " + cut + " bytes, as the test asked");
        }
        body.write(archive, start, archive.length - start);
        exchange.close();
    }

    /** Lets the client read what was flushed before the connection drops. */
    private static void pause() {
        try {
            Thread.sleep(300);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }

    static String md5(byte[] bytes) {
        return java.util.HexFormat.of().formatHex(Checksums.newDigest("MD5").digest(bytes));
    }

    /** A zip archive of {@code entries} (name → content; a name ending in "/" is a folder). */
    static byte[] zip(Map<String, byte[]> entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (var entry : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** A small dataset archive: folder {@code ml-mini/} with a text file and 64 KiB of incompressible bytes. */
    static Map<String, byte[]> miniDataset() {
        byte[] noise = new byte[1 << 16];
        new java.util.Random(42).nextBytes(noise);
        Map<String, byte[]> entries = new java.util.LinkedHashMap<>();
        entries.put("ml-mini/", new byte[0]);
        entries.put("ml-mini/u.data", "1\t1\t5\t874965758\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        entries.put("ml-mini/noise.bin", noise);
        return entries;
    }
}
