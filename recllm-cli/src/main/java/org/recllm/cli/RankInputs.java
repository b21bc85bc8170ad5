package org.recllm.cli;

import java.util.Optional;
import java.util.function.LongFunction;
import org.recllm.core.io.BadInputException;
import org.recllm.data.dataset.Item;
import org.recllm.data.dataset.RatingDataset;
import org.recllm.data.protocol.Split;
import org.recllm.rank.retrieval.RetrievedHistory;
import org.recllm.rank.scoring.ZeroShot;

/** What the rank commands share: item titles for prompts and the retrieved history as a prompt's choice of steps. */
final class RankInputs {
    private RankInputs() {}

    /** An item's title by its id from {@code dataset} (null without one: prompts then name items by id). */
    static LongFunction<String> titles(RatingDataset dataset) {
        return id -> dataset == null || id > Integer.MAX_VALUE ? null
                : Optional.ofNullable(dataset.items().get((int) id)).map(Item::title).orElse(null);
    }

    /** The last {@code k} of each row's retrieved steps (the most similar, in time order), checked against the retrieval's K. */
    static ZeroShot.HistoryChoice retrieved(RetrievedHistory positions, Split split, int k) {
        int stored = positions.manifest().k();
        if (stored < k) {
            throw new BadInputException("--k", 0, null, "the retrieval kept " + stored + " items per sample; retrieve again with --k " + k);
        }
        int[] all = positions.of(split);
        return row -> java.util.Arrays.copyOfRange(all, row * stored + stored - k, row * stored + stored);
    }
}
