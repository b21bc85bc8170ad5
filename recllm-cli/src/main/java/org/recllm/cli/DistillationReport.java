package org.recllm.cli;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import org.recllm.llm.train.TrainingReport;

/**
 * What {@code llm distill} did, for its report JSON: the corpus, the held-out scores per entity type (of the weights as
 * trained, in F32), the same scores of the file as written when its matrices are stored in another type (null for
 * F32), the training run (train_loss per logged step, valid_loss over all held-out pairs, tokens/s) and the wall time
 * of the whole command.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record DistillationReport(String chatTemplate, Sizes corpus, HeldOut heldOutItems, HeldOut heldOutUsers,
                          Written writtenModel, TrainingReport training, double wallSeconds) {

    /** The held-out perplexities of the written file, whose matrices are stored as {@code matrixType}. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Written(String matrixType, Double heldOutItemPerplexity, Double heldOutUserPerplexity) {}

    /** Pairs per part, and the entities left out for want of a profile. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Sizes(int trainPairs, int trainSequences, int heldOutItemPairs, int heldOutUserPairs, int itemsWithoutProfile,
                 int usersWithoutProfile) {}

    /**
     * The held-out entities of one type and the student's score on their answers: the mean loss per answer token
     * (EOS included) and its exp, over the {@code scoredTokens} (all {@code answerTokens}: an answer longer than the
     * context is scored in windows, so {@code sequences} exceeds {@code ids.size()} then).
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record HeldOut(List<Long> ids, int sequences, long answerTokens, long scoredTokens, Double loss, Double perplexity) {}
}
