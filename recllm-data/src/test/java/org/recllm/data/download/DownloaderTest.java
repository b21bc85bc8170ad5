package org.recllm.data.download;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Resumable, MD5-verified downloads from a local HTTP server. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DownloaderTest {
    private final byte[] archive = LocalArchiveServer.zip(LocalArchiveServer.miniDataset());
    private final LocalArchiveServer server = new LocalArchiveServer(archive);
    private final Downloader downloader = new Downloader();

    @TempDir
    Path tmp;

    @AfterEach
    void stopServer() {
        server.close();
    }

    private Path target() {
        return tmp.resolve("cache/archive.zip");
    }

    private Path part() {
        return tmp.resolve("cache/archive.zip.part");
    }

    @Test
    void downloadsAndVerifies() throws Exception {
        downloader.fetch(server.source("ml-mini", "ml-mini"), target());
        assertArrayEquals(archive, Files.readAllBytes(target()));
        assertFalse(Files.exists(part()));
        assertEquals(List.of("none"), server.ranges());
    }

    @Test
    void aVerifiedFileIsNotFetchedAgain() throws Exception {
        downloader.fetch(server.source("ml-mini", "ml-mini"), target());
        downloader.fetch(server.source("ml-mini", "ml-mini"), target());
        assertEquals(1, server.ranges().size());
    }

    @Test
    void checksumMismatchFailsAndLeavesNoFile() {
        DatasetSource source = server.source("ml-mini", "ml-mini");
        DatasetSource wrong = new DatasetSource(source.dataset(), source.url(), source.sizeBytes(),
                "00000000000000000000000000000000", source.folder());
        DownloadException e = assertThrows(DownloadException.class, () -> downloader.fetch(wrong, target()));
        assertTrue(e.getMessage().contains("has MD5 " + source.archiveMd5() + ", expected 00000000000000000000000000000000"),
                e.getMessage());
        assertFalse(Files.exists(target()));
        assertFalse(Files.exists(part()));
    }

    @Test
    void anInterruptedDownloadResumesWithARangeRequest() throws Exception {
        int cut = 20_000;
        server.cutNextAfter(cut);
        DatasetSource source = server.source("ml-mini", "ml-mini");
        DownloadException first = assertThrows(DownloadException.class, () -> downloader.fetch(source, target()));
        assertTrue(first.getMessage().contains("a rerun resumes"), first.getMessage());
        assertFalse(Files.exists(target()));
        assertArrayEquals(Arrays.copyOf(archive, cut), Files.readAllBytes(part()), "the .part keeps the bytes received");

        downloader.fetch(source, target());
        assertEquals(List.of("none", "bytes=" + cut + "-"), server.ranges());
        assertArrayEquals(archive, Files.readAllBytes(target()));
        assertFalse(Files.exists(part()));
    }

    @Test
    void aServerIgnoringTheRangeSendsEverythingAgainAndThePartIsReplaced() throws Exception {
        Files.createDirectories(part().getParent());
        Files.write(part(), new byte[5_000]);
        server.ignoreRange();
        downloader.fetch(server.source("ml-mini", "ml-mini"), target());
        assertEquals(List.of("bytes=5000-"), server.ranges());
        assertArrayEquals(archive, Files.readAllBytes(target()));
    }

    @Test
    void aCompletePartOfAnUnpinnedSizeIsFinishedWhenTheServerHasNothingMore() throws Exception {
        Files.createDirectories(part().getParent());
        Files.write(part(), archive);
        DatasetSource pinned = server.source("ml-mini", "ml-mini");
        DatasetSource unsized = new DatasetSource("ml-mini", pinned.url(), -1, pinned.archiveMd5(), "ml-mini");
        downloader.fetch(unsized, target());
        assertEquals(List.of("bytes=" + archive.length + "-"), server.ranges(), "answered 416");
        assertArrayEquals(archive, Files.readAllBytes(target()));
    }

    @Test
    void aPartLargerThanTheArchiveIsDiscarded() throws Exception {
        Files.createDirectories(part().getParent());
        Files.write(part(), new byte[archive.length + 10]);
        downloader.fetch(server.source("ml-mini", "ml-mini"), target());
        assertEquals(List.of("none"), server.ranges());
        assertArrayEquals(archive, Files.readAllBytes(target()));
    }

    @Test
    void notFoundIsADownloadException() throws IOException {
        server.answerWith(404);
        DatasetSource source = server.source("ml-mini", "ml-mini");
        DownloadException e = assertThrows(DownloadException.class, () -> downloader.fetch(source, target()));
        assertTrue(e.getMessage().startsWith("could not download " + source.url()), e.getMessage());
        assertTrue(e.getMessage().contains("HTTP 404"), e.getMessage());
        assertFalse(Files.exists(target()));
        assertFalse(Files.exists(part()));
    }
}
