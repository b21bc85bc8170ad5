package org.recllm.rank.tuning;

import java.util.ArrayList;
import java.util.List;
import org.recllm.data.store.SplitView;
import org.recllm.llm.train.TrainingSequence;
import org.recllm.rank.prompt.RankPrompt;
import org.recllm.rank.scoring.YesNoScorer;
import org.recllm.rank.scoring.ZeroShot;

/**
 * ReLLa's mixed instruction data: each chosen sample twice, once with its latest K history items and once with the K
 * retrieved ones, answered Yes (clicked) or No — so the tuned model reads both kinds of history.
 */
public final class MixedInstructions {
    private MixedInstructions() {}

    /**
     * Two sequences per row, latest then retrieved, each carrying its row's condition from {@code conditions} (for a
     * RecLoRA bank; null: none).
     */
    public static List<TrainingSequence> of(SplitView split, int[] rows, RankPrompt prompt, ZeroShot.HistoryChoice latest,
                                            ZeroShot.HistoryChoice retrieved, YesNoScorer scorer,
                                            ZeroShot.RowConditions conditions) {
        List<TrainingSequence> sequences = new ArrayList<>(2 * rows.length);
        for (int row : rows) {
            boolean clicked = split.labels().get(row) > 0.5f;
            float[] condition = conditions == null ? null : conditions.of(row);
            sequences.add(scorer.answered(prompt.render(row, latest.positions(row)), clicked).withCondition(condition));
            sequences.add(scorer.answered(prompt.render(row, retrieved.positions(row)), clicked).withCondition(condition));
        }
        return sequences;
    }
}
