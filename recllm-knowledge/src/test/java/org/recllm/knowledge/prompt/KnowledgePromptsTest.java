package org.recllm.knowledge.prompt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recllm.data.dataset.MovieLens100k;
import org.recllm.data.dataset.Rating;
import org.recllm.data.dataset.RatingDataset;
import org.recllm.data.dataset.User;
import org.recllm.data.protocol.Ml100kU1Protocol;
import org.recllm.data.protocol.SplitPlan;
import org.recllm.data.protocol.TemporalProtocol;
import org.recllm.knowledge.scenario.Scenarios;
import org.recllm.knowledge.store.EntityType;

class KnowledgePromptsTest {
    private static final String MOVIE_FACTORS = "genre, director/actors, time period/country, character, plot/theme, "
            + "mood/tone, critical acclaim/award, production quality, and soundtrack";

    @TempDir
    Path temp;

    private RatingDataset dataset;

    @BeforeEach
    void writeDataset() throws IOException {
        dataset = MovieLens100k.read(PromptFixture.write(temp.resolve("ml-100k")));
    }

    private KnowledgePrompts prompts(SplitPlan plan) {
        return new KnowledgePrompts(Scenarios.MOVIES, dataset, HistoryWindow.of(plan));
    }

    @Test
    void itemPromptIsKarsFactualKnowledgeQuestion() {
        SplitPlan plan = new Ml100kU1Protocol().split(dataset);
        EntityPrompt toyStory = prompts(plan).items(1).getFirst();
        assertEquals(new EntityPrompt(EntityType.ITEM, 1, "ml-100k", "Introduce movie Toy Story (1995) and describe its "
                + "attributes precisely (including but not limited to " + MOVIE_FACTORS + ")."), toyStory);

        EntityPrompt asBook = new KnowledgePrompts(Scenarios.BOOKS, dataset, HistoryWindow.of(plan)).item(dataset.item(1));
        assertEquals("Introduce book Toy Story (1995) and describe its attributes precisely (including but not limited to "
                + "genre, author, writing style, theme, setting, length/complexity, time period, literary quality, and "
                + "critical acclaim).", asBook.text());
    }

    @Test
    void aUserPromptTooLongForAModelKeepsItsMostRecentRatings() {
        KnowledgePrompts prompts = prompts(new Ml100kU1Protocol().split(dataset));
        EntityPrompt whole = prompts.user(dataset.user(1));
        int budget = whole.text().length() - 60; // room for all but the three oldest of the 9 ratings
        EntityPrompt fitted = prompts.fitted(whole, text -> text.length() <= budget);
        assertTrue(fitted.text().length() <= budget, fitted.text());
        assertEquals(6, fitted.text().lines().filter(line -> line.startsWith("- ")).count(), fitted.text());
        assertTrue(fitted.text().contains("- Film 7 (1967), 4 stars\n") && !fitted.text().contains("Film 5 (1965)"),
                "the oldest ratings go first: " + fitted.text());
        assertEquals(whole.timeWindow(), fitted.timeWindow());
        assertEquals(whole, prompts.fitted(whole, text -> true), "a prompt that fits is kept as it is");
        EntityPrompt item = prompts.items(1).getFirst();
        assertEquals(item, prompts.fitted(item, text -> false), "item prompts have no history to shorten");
        assertEquals(whole, prompts.fitted(whole, text -> false), "nothing fits: the whole prompt, for the model to refuse");
        EntityPrompt empty = prompts.fitted(whole, text -> !text.contains("- Film"));
        assertTrue(empty.text().contains("(no ratings)"), empty.text());
    }

    @Test
    void userPromptUnderU1ShowsTheProfileSourcesOldestFirst() {
        EntityPrompt user = prompts(new Ml100kU1Protocol().split(dataset)).user(dataset.user(1));
        assertEquals(EntityType.USER, user.entityType());
        assertEquals("ml100k-u1:profile-sources", user.timeWindow());
        // Positives 1, 2 are older than the 5 latest (5, 7, 8, 11, 12); item 6 has 3 stars; negatives 3, 4, 9, 10 all count.
        assertEquals("""
                Given a female user aged 18-24 whose occupation is writer, this user's movie rating history over time is \
                listed below, most recent last.
                - Film 3 (1963), 1 star
                - Film 4 (1964), 2 stars
                - Film 5 (1965), 5 stars
                - Film 7 (1967), 4 stars
                - Film 8 (1968), 5 stars
                - Film 9 (1969), 2 stars
                - Film 10 (1970), 1 star
                - Film 11 (1971), 4 stars
                - Film 12 (1972), 5 stars
                Analyze the user's preferences on movies considering factors like\s""" + MOVIE_FACTORS + """
                . Provide clear explanations based on relevant details from the user's movie rating history and other \
                pertinent factors.""", user.text());
    }

    @Test
    void u1HistoriesStayInTrainingAndAreTheProfileSources() {
        SplitPlan plan = new Ml100kU1Protocol().split(dataset);
        HistoryWindow window = HistoryWindow.of(plan);
        assertEquals(List.of(1, 2, 3), window.users());
        Set<Rating> validationOrTest = new HashSet<>(plan.validation());
        validationOrTest.addAll(plan.test());
        for (int user : window.users()) {
            for (Rating rating : window.of(user)) {
                assertTrue(plan.profileSources().contains(rating), rating + " is no profile source");
                assertFalse(validationOrTest.contains(rating), rating + " is outside training");
            }
        }
        assertEquals(List.of(29, 30, 31, 33, 34, 35, 36, 38, 39, 40), items(window.of(2)));
        assertEquals(List.of(20, 21, 22), items(window.of(3)));
    }

    @Test
    void temporalHistoriesEndBeforeTheValidationWindowAndKeepTheLatestThirty() {
        SplitPlan plan = new TemporalProtocol().split(dataset);
        HistoryWindow window = HistoryWindow.of(plan);
        assertEquals("time:train", window.name());
        // 58 ratings: training is the first 46 by time, user 2's 40 and user 1's first 6; user 3 comes later.
        assertEquals(List.of(1, 2), window.users());
        assertEquals(IntStream.rangeClosed(11, 40).boxed().toList(), items(window.of(2)), "the latest 30, oldest first");
        assertEquals(List.of(1, 2, 3, 4, 5, 6), items(window.of(1)));
        long boundary = plan.validation().getFirst().timestamp();
        for (int user : window.users()) {
            assertTrue(window.of(user).stream().allMatch(r -> r.timestamp() < boundary), "user " + user);
        }
        EntityPrompt user2 = prompts(plan).user(dataset.user(2));
        assertEquals(HistoryWindow.MAX_ITEMS, user2.text().lines().filter(line -> line.startsWith("- ")).count());
        assertTrue(user2.text().startsWith("Given a male user aged 35-44 whose occupation is none, "), user2.text());
        assertTrue(user2.text().contains("- Film 11 (1971), 2 stars\n- Film 12 (1972), 3 stars\n"), user2.text());
        assertTrue(user2.text().contains("- Film 40 (2000), 1 star\nAnalyze"), user2.text());
    }

    @Test
    void promptsAreTheSameOnEveryBuildAndLimitCountsPerType() {
        SplitPlan plan = new Ml100kU1Protocol().split(dataset);
        List<EntityPrompt> first = prompts(plan).users(2);
        List<EntityPrompt> again = prompts(new Ml100kU1Protocol().split(MovieLens100k.read(temp.resolve("ml-100k")))).users(2);
        assertEquals(first, again);
        assertEquals(first.getFirst().key("movies", "m"), again.getFirst().key("movies", "m"));
        assertEquals(List.of(1L, 2L), first.stream().map(EntityPrompt::entityId).toList());
        assertEquals(40, prompts(plan).items(Integer.MAX_VALUE).size());
    }

    @Test
    void describesUsersWithWhatTheDatasetKnows() {
        assertEquals("a user", KnowledgePrompts.describe(User.anonymous(5)));
        assertEquals("a female user aged 56+ whose occupation is retired",
                KnowledgePrompts.describe(new User(5, "F", 61, "retired", "x")));
        assertEquals("a male user aged <18", KnowledgePrompts.describe(new User(5, "M", 1, null, null)));
    }

    private static List<Integer> items(List<Rating> ratings) {
        return ratings.stream().map(Rating::itemId).toList();
    }
}
