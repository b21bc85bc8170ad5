package org.recllm.spark.score;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.recllm.serve.bundle.ModelBundle;
import org.recllm.serve.scoring.CandidateScorer;

/**
 * One scorer per bundle and executor JVM: the model is loaded once and shared by the executor's task threads, each
 * scoring on a session of its own (as many sessions as the JVM has cores).
 */
final class BundleScorers {
    private static final Map<String, CandidateScorer> LOADED = new ConcurrentHashMap<>();

    private BundleScorers() {}

    static CandidateScorer get(String bundle, int maxCandidates) {
        return LOADED.computeIfAbsent(bundle + "#" + maxCandidates, key -> new CandidateScorer(
                ModelBundle.load(Path.of(bundle)), maxCandidates, Runtime.getRuntime().availableProcessors()));
    }
}
