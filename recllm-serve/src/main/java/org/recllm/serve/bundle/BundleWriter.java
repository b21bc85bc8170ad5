package org.recllm.serve.bundle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.recllm.core.checkpoint.Checkpoint;
import org.recllm.core.io.AtomicFiles;
import org.recllm.core.io.BadInputException;
import org.recllm.core.io.Checksums;
import org.recllm.ctr.inputs.ModelInputs;
import org.recllm.ctr.models.CtrModel;
import org.recllm.ctr.models.ModelSpec;
import org.recllm.ctr.train.TrainReport;
import org.recllm.data.schema.FieldRole;
import org.recllm.data.store.SampleStore;
import org.recllm.data.store.VocabularyFile;

/**
 * Writes a servable bundle: the weights with the knowledge vectors the model was trained with (frozen tables of its
 * parameters, one checksummed file), the vocabularies, the user and item tables, all in a folder named by the model version, then
 * {@code manifest.json} naming that version, replaced atomically. A server reading the folder at any moment finds
 * the old bundle or the new one; a crash leaves the old one current. Versions the manifest no longer names are
 * removed afterwards.
 */
public final class BundleWriter {
    private BundleWriter() {}

    /** What a bundle holds besides the samples: the trained model, how it was built, and its run. */
    public record Trained(ModelSpec spec, ModelInputs inputs, CtrModel model, long seed, String knowledgeSource,
                          TrainReport report) {}

    /** Writes {@code trained} as the current bundle in {@code dir} and returns its manifest. */
    public static BundleManifest write(Path dir, SampleStore store, Trained trained) {
        checkTarget(dir);
        store.schema().requireIdField(FieldRole.USER_ID);
        store.schema().requireIdField(FieldRole.ITEM_ID);
        Path staging = dir.resolve("staging-" + UUID.randomUUID().toString().substring(0, 13));
        try {
            Files.createDirectories(staging);
            // The knowledge vectors are frozen tables of the model's parameters: the weights file holds them.
            Path weights = staging.resolve(ModelBundle.WEIGHTS);
            Checkpoint.save(weights, trained.spec().name(), trained.spec().configJson(), trained.model().parameters(), null);
            String version = trained.spec().name() + "-" + Checksums.sha256(weights).substring(0, 12);
            Map<String, VocabularyFile> vocabularies = new LinkedHashMap<>();
            store.vocabularies().forEach((name, vocabulary) -> vocabularies.put(name, VocabularyFile.of(vocabulary)));
            AtomicFiles.writeJson(staging.resolve(ModelBundle.VOCABULARIES), vocabularies);
            AtomicFiles.writeJson(staging.resolve(ModelBundle.TABLES), EntityTables.of(store));
            Path versionDir = dir.resolve(version);
            if (Files.exists(versionDir)) {
                AtomicFiles.deleteTree(versionDir);
            }
            Files.move(staging, versionDir);
            AtomicFiles.syncDirectory(dir);
            BundleManifest manifest = manifest(store, trained, version);
            AtomicFiles.writeJson(dir.resolve(ModelBundle.MANIFEST), manifest);
            removeOtherVersions(dir, version);
            return manifest;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the model bundle " + dir + ": " + e.getMessage(), e);
        } finally {
            AtomicFiles.deleteTreeQuietly(staging);
        }
    }

    private static BundleManifest manifest(SampleStore store, Trained trained, String version) {
        boolean knowledge = trained.inputs().hasKnowledge();
        List<KnowledgeShape> shapes = trained.inputs().layout().knowledge().stream().map(KnowledgeShape::of).toList();
        try {
            return new BundleManifest(BundleManifest.FORMAT, version, trained.spec().name(),
                    AtomicFiles.JSON.readTree(trained.spec().configJson()), knowledge ? trained.inputs().adaptor() : null,
                    shapes, trained.knowledgeSource(), store.info().dataset(), store.info().protocol(), store.contentId(),
                    store.info().historyLength(), store.schema(), trained.seed(), Instant.now().toString(),
                    trained.report() == null ? null : AtomicFiles.JSON.valueToTree(trained.report()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Refuses {@code dir} unless it is new, empty or an earlier bundle: anything else is the user's and stays
     * untouched (checked again at writing, and by commands before they train).
     */
    public static void checkTarget(Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new BadInputException(dir, "exists and is not a directory; expected a model bundle directory");
        }
        if (Files.isDirectory(dir) && !Files.exists(dir.resolve(ModelBundle.MANIFEST))) {
            try (Stream<Path> entries = Files.list(dir)) {
                if (entries.findAny().isPresent()) {
                    throw new BadInputException(dir, "exists, is not empty and is not a model bundle (no "
                            + ModelBundle.MANIFEST + "); choose a new or empty directory so nothing of yours is overwritten");
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Deletes earlier versions; one that cannot be deleted (a reader holds it on some platforms) only costs disk. */
    private static void removeOtherVersions(Path dir, String keep) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path entry : entries.toList()) {
                if (Files.isDirectory(entry) && !entry.getFileName().toString().equals(keep)
                        && Files.exists(entry.resolve(ModelBundle.WEIGHTS))) {
                    AtomicFiles.deleteTreeQuietly(entry);
                }
            }
        }
    }
}
