package org.recllm.rank.scoring;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;
import org.recllm.core.metrics.Auc;
import org.recllm.core.metrics.LogLoss;
import org.recllm.core.progress.Progress;
import org.recllm.data.store.SplitView;
import org.recllm.rank.prompt.RankPrompt;

/**
 * Zero-shot CTR with an LLM: the rows of a split (all, or {@code limit} spread evenly over it) as prompts with the
 * latest or the retrieved K history items, scored by {@link YesNoScorer}, evaluated by AUC and LogLoss.
 */
public final class ZeroShot {
    /** The figures of one evaluation, with the field names of the JSON report. */
    public record Result(@JsonProperty("test_auc") double auc, @JsonProperty("test_logloss") double logLoss, int rows,
                         @JsonProperty("positive_share") double positiveShare,
                         @JsonProperty("mean_prompt_tokens") double meanPromptTokens,
                         @JsonProperty("samples_per_s") double samplesPerSecond,
                         @JsonProperty("example_prompt") String examplePrompt) {}

    /** How a row's history is chosen: the latest k steps, or given positions (k per row) from retrieval. */
    public interface HistoryChoice {
        int[] positions(int row);
    }

    /** Each row's condition for a RecLoRA bank (a frozen CTR model's user representation). */
    public interface RowConditions {
        float[] of(int row);
    }

    private ZeroShot() {}

    /**
     * Scores {@code rows} of the split, each prompt with its row's condition from {@code conditions} (null: none);
     * with a {@code log} (null: none), rows it already holds are not scored again and new scores are added to it.
     * Speed figures count the rows scored by this call.
     */
    public static Result run(SplitView split, RankPrompt prompt, HistoryChoice history, int[] rows, YesNoScorer scorer,
                             int batch, RowConditions conditions, ScoreLog log) {
        float[] labels = new float[rows.length];
        float[] scores = new float[rows.length];
        for (int i = 0; i < rows.length; i++) {
            labels[i] = split.labels().get(rows[i]);
        }
        float[] earlier = log == null ? new float[0] : log.done();
        if (earlier.length > rows.length) {
            throw new IllegalStateException("the score log holds " + earlier.length + " scores for " + rows.length + " rows");
        }
        System.arraycopy(earlier, 0, scores, 0, earlier.length);
        int first = earlier.length;
        long tokensBefore = scorer.tokensRead();
        String example = rows.length == 0 ? null : prompt.render(rows[0], history.positions(rows[0]));
        long start = System.nanoTime();
        try (Progress progress = Progress.start("zero-shot scoring", "samples", rows.length - first)) {
            for (int from = first; from < rows.length; from += batch) {
                int count = Math.min(batch, rows.length - from);
                List<String> prompts = new ArrayList<>(count);
                List<float[]> rowConditions = conditions == null ? null : new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    int row = rows[from + i];
                    prompts.add(prompt.render(row, history.positions(row)));
                    if (rowConditions != null) {
                        rowConditions.add(conditions.of(row));
                    }
                }
                System.arraycopy(scorer.score(prompts, rowConditions), 0, scores, from, count);
                if (log != null) {
                    log.append(scores, from, count);
                }
                progress.advance(count);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double positives = 0;
        for (float label : labels) {
            positives += label;
        }
        int scored = rows.length - first;
        return new Result(Auc.of(scores, labels), LogLoss.of(scores, labels), rows.length, positives / rows.length,
                scored == 0 ? 0 : (double) (scorer.tokensRead() - tokensBefore) / scored, scored / seconds, example);
    }
}
