package org.recllm.data.download;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.recllm.core.io.AtomicFiles;

/**
 * Datasets downloaded once into the user's cache directory ({@code $RECLLM_CACHE}, else
 * {@code $XDG_CACHE_HOME/recllm}, else {@code ~/.cache/recllm}), verified, and unpacked atomically.
 */
public final class DatasetCache {
    private final Path root;
    private final Downloader downloader;

    public DatasetCache(Path root, Downloader downloader) {
        this.root = root;
        this.downloader = downloader;
    }

    public static DatasetCache standard() {
        return new DatasetCache(defaultRoot(), new Downloader());
    }

    /** The cache folder: {@code $RECLLM_CACHE}, else {@code $XDG_CACHE_HOME/recllm}, else {@code ~/.cache/recllm}. */
    public static Path defaultRoot() {
        String explicit = System.getenv("RECLLM_CACHE");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "recllm");
        }
        return Path.of(System.getProperty("user.home"), ".cache", "recllm");
    }

    /** The unpacked dataset folder, downloading and unpacking it first when the cache lacks it. */
    public Path resolve(DatasetSource source) throws DownloadException {
        Path datasets = root.resolve("datasets");
        Path unpacked = datasets.resolve(source.dataset());
        if (Files.isDirectory(unpacked)) {
            return unpacked;
        }
        Path archive = datasets.resolve(source.dataset() + ".zip");
        downloader.fetch(source, archive);
        Path staging = null;
        try {
            staging = Files.createTempDirectory(datasets, "." + source.dataset() + ".");
            unzip(archive, staging);
            Path folder = staging.resolve(source.folder());
            if (!Files.isDirectory(folder)) {
                throw new DownloadException(archive + " has no folder " + source.folder() + "/; the archive's layout changed");
            }
            AtomicFiles.moveAtomically(folder, unpacked);
            return unpacked;
        } catch (IOException e) {
            throw new UncheckedIOException("could not unpack " + archive + ": " + e.getMessage(), e);
        } finally {
            // whatever else the archive held, and all of it when unpacking failed
            // a hidden leftover in the cache is harmless: resolve() never reads staging folders
            AtomicFiles.deleteTreeQuietly(staging);
        }
    }

    private static void unzip(Path archive, Path into) throws IOException {
        try (InputStream file = Files.newInputStream(archive); ZipInputStream zip = new ZipInputStream(file)) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                Path target = into.resolve(entry.getName()).normalize();
                if (!target.startsWith(into)) {
                    throw new IOException("the archive entry " + entry.getName() + " points outside the archive");
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(zip, target);
                }
            }
        }
    }
}
