package org.recllm.knowledge.prompt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.recllm.data.dataset.Item;
import org.recllm.data.dataset.Rating;
import org.recllm.data.dataset.RatingDataset;
import org.recllm.data.dataset.User;
import org.recllm.knowledge.scenario.Scenarios;
import org.recllm.knowledge.store.EntityType;

/** Update prompts cut to a context: the window's oldest ratings first, then the earlier answer's last words. */
class UpdatePromptsTest {
    private static final String PREVIOUS = "Likes quiet dramas and long comedies from the seventies, dislikes horror";

    private final RatingDataset data = dataset();
    private final UpdatePrompts prompts = new UpdatePrompts(Scenarios.resolve("movies"), data);
    private final List<Rating> window = List.of(new Rating(1, 1, 5, 10), new Rating(1, 2, 1, 20), new Rating(1, 3, 4, 30));

    @Test
    void aPromptShowsTheEarlierAnswerAndTheWindowsRatingsAndIsKeyedByTheWindow() {
        EntityPrompt prompt = prompts.prompt(1, "stream 7d w", "7 days", PREVIOUS, window);
        assertEquals(EntityType.USER, prompt.entityType());
        assertEquals("stream 7d w", prompt.timeWindow());
        String text = prompt.text();
        assertTrue(text.contains(PREVIOUS) && text.contains("In the last 7 days"), text);
        assertTrue(text.indexOf("Movie 1, 5 stars") < text.indexOf("Movie 3, 4 stars"), "oldest first: " + text);
        assertTrue(prompts.prompt(1, "w", "7 days", null, window).text().contains(UpdatePrompts.NOTHING_YET));
    }

    @Test
    void fittingDropsOldRatingsFirstThenTheEarlierAnswersLastWords() {
        EntityPrompt whole = prompts.prompt(1, "w", "7 days", PREVIOUS, window);
        int length = whole.text().length();
        assertEquals(whole.text(), prompts.fitted(1, "w", "7 days", PREVIOUS, window, t -> true).text());

        String twoRatings = prompts.fitted(1, "w", "7 days", PREVIOUS, window, t -> t.length() < length).text();
        assertFalse(twoRatings.contains("Movie 1,"), "the oldest rating goes first: " + twoRatings);
        assertTrue(twoRatings.contains("Movie 2,") && twoRatings.contains("Movie 3,") && twoRatings.contains(PREVIOUS));

        int oneRating = prompts.prompt(1, "w", "7 days", PREVIOUS, window.subList(2, 3)).text().length();
        String cut = prompts.fitted(1, "w", "7 days", PREVIOUS, window, t -> t.length() < oneRating).text();
        assertTrue(cut.contains("Movie 3, 4 stars") && !cut.contains("Movie 2,"), "the latest rating always stays: " + cut);
        assertTrue(cut.contains("Likes quiet") && cut.contains(" …") && !cut.contains("dislikes horror"),
                "the earlier answer loses its last words: " + cut);
        assertTrue(cut.length() < oneRating);

        EntityPrompt refused = prompts.fitted(1, "w", "7 days", PREVIOUS, window, t -> false);
        assertEquals(length, refused.text().length(), "when nothing fits the whole prompt goes to the model, which refuses it");
    }

    @Test
    void periodsReadAsWords() {
        assertEquals("7 days", UpdatePrompts.period("7d"));
        assertEquals("1 week", UpdatePrompts.period("1w"));
        assertEquals("12 hours", UpdatePrompts.period("12h"));
    }

    private static RatingDataset dataset() {
        Map<Integer, Item> items = new HashMap<>();
        for (int i = 1; i <= 3; i++) {
            items.put(i, new Item(i, "Movie " + i, 1990, List.of("Drama")));
        }
        return new RatingDataset("tiny", Path.of("tiny"), Map.of(1, User.anonymous(1)), items, new ArrayList<>(List.of()),
                Optional.empty(), List.of(), Map.of());
    }
}
