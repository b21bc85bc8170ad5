package org.recllm.data.download;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The download cache: fetch once, unpack the dataset's folder, answer from the cache afterwards. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DatasetCacheTest {
    @TempDir
    Path tmp;

    @Test
    void downloadsUnpacksOnceAndThenAnswersFromTheCache() throws Exception {
        Map<String, byte[]> entries = LocalArchiveServer.miniDataset();
        try (LocalArchiveServer server = new LocalArchiveServer(LocalArchiveServer.zip(entries))) {
            DatasetCache cache = new DatasetCache(tmp, new Downloader());
            Path folder = cache.resolve(server.source("ml-mini", "ml-mini"));
            assertEquals(tmp.resolve("datasets/ml-mini"), folder);
            assertArrayEquals(entries.get("ml-mini/u.data"), Files.readAllBytes(folder.resolve("u.data")));
            assertArrayEquals(entries.get("ml-mini/noise.bin"), Files.readAllBytes(folder.resolve("noise.bin")));
            assertEquals(List.of("ml-mini", "ml-mini.zip"), datasetsEntries(), "no staging folder is left");
            assertEquals(folder, cache.resolve(server.source("ml-mini", "ml-mini")));
            assertEquals(1, server.ranges().size(), "the second resolve made no request");
        }
    }

    @Test
    void entriesBesideTheDatasetFolderAreDiscardedWithTheStagingFolder() throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>(LocalArchiveServer.miniDataset());
        entries.put("__MACOSX/ml-mini/._u.data", new byte[] {0});
        entries.put("README.txt", "read me".getBytes(StandardCharsets.US_ASCII));
        try (LocalArchiveServer server = new LocalArchiveServer(LocalArchiveServer.zip(entries))) {
            Path folder = new DatasetCache(tmp, new Downloader()).resolve(server.source("ml-mini", "ml-mini"));
            assertTrue(Files.exists(folder.resolve("u.data")));
            assertEquals(List.of("ml-mini", "ml-mini.zip"), datasetsEntries());
        }
    }

    @Test
    void anArchiveWithoutTheExpectedFolderIsADownloadException() throws Exception {
        try (LocalArchiveServer server = new LocalArchiveServer(LocalArchiveServer.zip(LocalArchiveServer.miniDataset()))) {
            DatasetCache cache = new DatasetCache(tmp, new Downloader());
            DownloadException e = assertThrows(DownloadException.class,
                    () -> cache.resolve(server.source("ml-other", "ml-other")));
            assertTrue(e.getMessage().contains("has no folder ml-other/"), e.getMessage());
            assertEquals(List.of("ml-other.zip"), datasetsEntries(), "no folder, and no staging folder, is left");
        }
    }

    @Test
    void anEntryPointingOutsideTheArchiveIsRefused() throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>(LocalArchiveServer.miniDataset());
        entries.put("ml-mini/../../escaped.txt", "gotcha".getBytes(StandardCharsets.US_ASCII));
        try (LocalArchiveServer server = new LocalArchiveServer(LocalArchiveServer.zip(entries))) {
            DatasetCache cache = new DatasetCache(tmp, new Downloader());
            var e = assertThrows(UncheckedIOException.class, () -> cache.resolve(server.source("ml-mini", "ml-mini")));
            assertTrue(e.getMessage().contains("points outside the archive"), e.getMessage());
            assertFalse(Files.exists(tmp.resolve("datasets/escaped.txt")));
            assertFalse(Files.exists(tmp.resolve("escaped.txt")));
            assertEquals(List.of("ml-mini.zip"), datasetsEntries(), "no folder, and no staging folder, is left");
        }
    }

    /** Everything in the cache's datasets folder, hidden staging folders included. */
    private List<String> datasetsEntries() throws java.io.IOException {
        try (Stream<Path> entries = Files.list(tmp.resolve("datasets"))) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void theRegistryPinsMovieLens100kAndRefusesChangingArchives() {
        DatasetSource ml100k = DatasetSource.of("ml-100k");
        assertEquals(URI.create("https://files.grouplens.org/datasets/movielens/ml-100k.zip"), ml100k.url());
        assertEquals(4_924_029L, ml100k.sizeBytes());
        assertEquals("0e33842e24a9c977be4e0107933c0723", ml100k.archiveMd5());
        assertEquals("ml-100k", ml100k.folder());
        assertEquals(-1L, DatasetSource.of("ml-1m").sizeBytes());
        var e = assertThrows(IllegalArgumentException.class, () -> DatasetSource.of("ml-latest"));
        assertTrue(e.getMessage().contains("pass --data DIR"), e.getMessage());
    }
}
