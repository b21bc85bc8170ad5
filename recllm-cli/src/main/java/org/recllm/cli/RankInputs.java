package org.recllm.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongFunction;
import org.recllm.core.io.BadInputException;
import org.recllm.data.dataset.Item;
import org.recllm.data.dataset.RatingDataset;
import org.recllm.data.protocol.Split;
import org.recllm.rank.retrieval.RetrievedHistory;
import org.recllm.llm.LanguageModel;
import org.recllm.rank.scoring.YesNoScorer;
import org.recllm.rank.scoring.ZeroShot;

/** What the rank commands share: item titles for prompts, the retrieved history as a prompt's choice of steps, the scorer. */
final class RankInputs {
    private RankInputs() {}

    /** An item's title by its id from {@code dataset} (null without one: prompts then name items by id). */
    static LongFunction<String> titles(RatingDataset dataset) {
        return id -> dataset == null ? null : dataset.findItem(id).map(Item::title).orElse(null);
    }

    /** The Yes/No scorer of a model, a tokenizer that cannot tell the two answers apart reported under {@code --model}. */
    static YesNoScorer scorer(LanguageModel llm, boolean chat, int batch) {
        try {
            return new YesNoScorer(llm, chat, batch);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--model", 0, null, e.getMessage());
        }
    }

    /** A file or folder as a run key part: its path without spaces, size and modification time. */
    static String fileKey(Path file) {
        try {
            Path path = file.toAbsolutePath().normalize();
            return path.toString().replace(' ', '_') + ":" + Files.size(path) + ":" + Files.getLastModifiedTime(path).toMillis();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
