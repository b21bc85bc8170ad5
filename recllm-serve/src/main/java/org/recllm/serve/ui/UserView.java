package org.recllm.serve.ui;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * What the explorer page shows of one user: the user's latest known history, the user's knowledge text, and the
 * top items of each served model with their scores and knowledge texts.
 */
public record UserView(@JsonProperty("user_id") String userId, @JsonProperty("user_knowledge") String userKnowledge,
                       List<Event> history, List<Ranking> rankings) {

    /** One earlier interaction. */
    public record Event(@JsonProperty("item_id") String itemId, String title, Integer label) {}

    /** One model's top items for the user. */
    public record Ranking(String model, String version, boolean knowledge, List<Recommendation> items) {}

    /** One recommended item. */
    public record Recommendation(@JsonProperty("item_id") String itemId, String title, float score, String knowledge) {}
}
