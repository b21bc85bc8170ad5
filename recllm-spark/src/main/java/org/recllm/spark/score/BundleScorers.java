package org.recllm.spark.score;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.recllm.serve.bundle.ModelBundle;
import org.recllm.serve.scoring.CandidateScorer;

/**
 * One scorer per bundle version and executor JVM: the model is loaded once and shared by the executor's task threads,
 * each scoring on a session of its own (as many sessions as the JVM has cores). A new version written into the
 * bundle folder is a new scorer.
 */
final class BundleScorers {
    private static final Map<String, CandidateScorer> LOADED = new ConcurrentHashMap<>();

    private BundleScorers() {}

    static CandidateScorer get(String bundle, String version, int maxCandidates) {
        return LOADED.computeIfAbsent(bundle + "#" + version + "#" + maxCandidates, key -> {
            ModelBundle loaded = ModelBundle.load(Path.of(bundle));
            if (!loaded.version().equals(version)) {
                throw new IllegalStateException(bundle + " holds version " + loaded.version() + ", not the " + version
                        + " the job started with: the bundle was replaced while scoring");
            }
            return new CandidateScorer(loaded, maxCandidates, Runtime.getRuntime().availableProcessors());
        });
    }
}
