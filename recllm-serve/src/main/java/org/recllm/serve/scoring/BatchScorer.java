package org.recllm.serve.scoring;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Scores a table of (user, item) candidate pairs in the table's order, as the scoring server would score them: each
 * run of consecutive pairs of one user (up to the scorer's candidate limit) is one request, with the user's and the
 * items' attributes and the user's last known history from the bundle. Used by batch jobs over candidate tables.
 */
public final class BatchScorer {
    private static final ObjectNode NO_ATTRIBUTES = JsonNodeFactory.instance.objectNode();

    private final CandidateScorer scorer;
    private final int maxCandidates;

    /** {@code maxCandidates} must not exceed what {@code scorer} was built for. */
    public BatchScorer(CandidateScorer scorer, int maxCandidates) {
        if (maxCandidates < 1) {
            throw new IllegalArgumentException("a request holds at least one candidate, got " + maxCandidates);
        }
        this.scorer = scorer;
        this.maxCandidates = maxCandidates;
    }

    /** One candidate pair: raw user and item ids, as the dataset writes them. */
    public record Pair(String user, String item) {}

    /** Where scores go, in the order of the pairs. */
    @FunctionalInterface
    public interface Sink {
        void accept(Pair pair, float score);
    }

    /** Scores every pair of {@code pairs}; returns how many. */
    public long score(Iterator<Pair> pairs, Sink sink) throws InterruptedException {
        List<Pair> run = new ArrayList<>(maxCandidates);
        List<ScoreRequest.Candidate> candidates = new ArrayList<>(maxCandidates);
        long scored = 0;
        while (pairs.hasNext()) {
            Pair pair = pairs.next();
            if (!run.isEmpty() && (run.size() == maxCandidates || !run.getFirst().user().equals(pair.user()))) {
                scored += flush(run, candidates, sink);
            }
            run.add(pair);
        }
        return scored + flush(run, candidates, sink);
    }

    private int flush(List<Pair> run, List<ScoreRequest.Candidate> candidates, Sink sink) throws InterruptedException {
        if (run.isEmpty()) {
            return 0;
        }
        candidates.clear();
        for (Pair pair : run) {
            candidates.add(new ScoreRequest.Candidate(pair.item(), NO_ATTRIBUTES));
        }
        float[] scores = scorer.score(new ScoreRequest(run.getFirst().user(), NO_ATTRIBUTES, null, candidates, null));
        for (int i = 0; i < scores.length; i++) {
            sink.accept(run.get(i), scores[i]);
        }
        int count = run.size();
        run.clear();
        return count;
    }
}
