package org.recllm.knowledge.prompt;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.recllm.data.dataset.Rating;
import org.recllm.data.dataset.RatingDataset;
import org.recllm.data.protocol.Protocol;

/**
 * A user's fallback knowledge when no LLM is asked: the ratings by genre and the latest ratings, as plain text from
 * the dataset alone ("Ratings by genre: Drama 40% (mean 4.1), …. Rated lately, newest first: Heat, 5 stars; …": the
 * share of ratings whose item has the genre). The summary and the newest ratings come first, so an encoder that
 * reads only a text's beginning keeps them..
 * The same text from a fixed window and from every streamed window, so comparing the two measures freshness alone.
 */
public final class UserFacts {
    private UserFacts() {}

    /** The fact text of {@code ratings} (any order): the latest {@value HistoryWindow#MAX_ITEMS} listed, all counted. */
    public static String text(RatingDataset dataset, List<Rating> ratings) {
        if (ratings.isEmpty()) {
            return "No ratings yet.";
        }
        List<Rating> sorted = new ArrayList<>(ratings);
        sorted.sort(Protocol.BY_TIME_THEN_ITEM);
        List<Rating> latest = sorted.subList(Math.max(0, sorted.size() - HistoryWindow.MAX_ITEMS), sorted.size());
        Map<String, Integer> counts = new TreeMap<>();
        Map<String, Double> sums = new TreeMap<>();
        for (Rating rating : sorted) {
            for (String genre : dataset.item(rating.itemId()).genres()) {
                counts.merge(genre, 1, Integer::sum);
                sums.merge(genre, (double) rating.value(), Double::sum);
            }
        }
        List<Rating> newestFirst = new ArrayList<>(latest).reversed();
        String listed = KnowledgePrompts.history(dataset, newestFirst).replace("\n- ", "; ").replaceFirst("^- ", "");
        return "Ratings by genre: " + ClusterPrompts.shares(counts, sorted.size(), sums) + ". Rated lately, newest first: "
                + listed + ".";
    }
}
