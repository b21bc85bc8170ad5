package org.recllm.knowledge.prompt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recllm.data.dataset.MovieLens100k;
import org.recllm.data.dataset.Rating;
import org.recllm.data.dataset.RatingDataset;
import org.recllm.knowledge.scenario.Scenarios;
import org.recllm.knowledge.store.ClusterRun;
import org.recllm.knowledge.store.EntityType;
import org.recllm.knowledge.store.StoredClusters;

/** Cluster prompts worked out by hand on {@link PromptFixture}'s movies and users, over a window given outright. */
class ClusterPromptsTest {
    @TempDir
    Path temp;

    private ClusterPrompts prompts;

    /** User 1: Toy Story 5★, Film 2 4★; user 2: Toy Story 3★, Film 3 2★; user 3: Film 2 4★. */
    @BeforeEach
    void build() throws IOException {
        RatingDataset dataset = MovieLens100k.read(PromptFixture.write(temp.resolve("ml-100k")));
        HistoryWindow window = new HistoryWindow("w:train", Map.of(
                1, List.of(new Rating(1, 1, 5, 1), new Rating(1, 2, 4, 2)),
                2, List.of(new Rating(2, 1, 3, 1), new Rating(2, 3, 2, 2)),
                3, List.of(new Rating(3, 2, 4, 3))));
        prompts = new ClusterPrompts(Scenarios.MOVIES, dataset, window);
    }

    @Test
    void aUserClusterListsWhatMostMembersRatedTheirGenresAndWhoTheyAre() {
        StoredClusters users = new StoredClusters(7, new ClusterRun(EntityType.USER, "cf", "s", 2, 1, null), Instant.EPOCH,
                new long[] {1, 2, 3}, new int[] {0, 0, 1}, new long[] {101, 102});
        List<EntityPrompt> asked = prompts.prompts(users);
        assertEquals(2, asked.size());
        EntityPrompt first = asked.getFirst();
        assertEquals(EntityType.USER_CLUSTER, first.entityType());
        assertEquals(101, first.entityId(), "keyed by the cluster's store id");
        assertEquals("w:train", first.timeWindow());
        assertEquals("""
                The following group of 2 users have similar tastes. Most are female (50%), most often aged 18-24; common \
                occupations: none, writer.
                The movies most of them rated, with how many rated each and their mean rating:
                - Toy Story (1995): rated by 2, mean 4.0 stars
                - Film 2 (1962): rated by 1, mean 4.0 stars
                - Film 3 (1963): rated by 1, mean 2.0 stars
                Their ratings by genre: Animation 50% (mean 4.0), Children's 50% (mean 4.0), Comedy 50% (mean 4.0), \
                Drama 50% (mean 3.0).
                Analyze the shared preferences of this group on movies considering factors like genre, director/actors, \
                time period/country, character, plot/theme, mood/tone, critical acclaim/award, production quality, and \
                soundtrack. Describe what the members have in common rather than any one member.""", first.text());
        assertEquals("A group of 1 users with similar tastes. Most are female (100%), most often aged <18; common "
                + "occupations: student. Most rated: Film 2 (1962): rated by 1, mean 4.0 stars. Ratings by genre: "
                + "Drama 100% (mean 4.0).", prompts.facts(users).get(1).text());
    }

    @Test
    void anItemClusterListsItsMembersMostRatedFirstAndSkipsEmptyClusters() {
        StoredClusters items = new StoredClusters(8, new ClusterRun(EntityType.ITEM, "cf", "s", 3, 1, null), Instant.EPOCH,
                new long[] {3, 2, 1, 4}, new int[] {0, 0, 0, 2}, new long[] {201, 202, 203});
        List<EntityPrompt> asked = prompts.prompts(items);
        assertEquals(List.of(201L, 203L), asked.stream().map(EntityPrompt::entityId).toList(), "cluster 1 is empty");
        assertEquals(EntityType.ITEM_CLUSTER, asked.getFirst().entityType());
        assertEquals("""
                The following 3 movies tend to be chosen by the same users (most rated first):
                - Toy Story (1995)
                - Film 2 (1962)
                - Film 3 (1963)
                Their genres: Drama 67%, Animation 33%, Children's 33%, Comedy 33%.
                Describe what these movies have in common (including but not limited to genre, director/actors, time \
                period/country, character, plot/theme, mood/tone, critical acclaim/award, production quality, and \
                soundtrack) and what kind of audience they appeal to.""", asked.getFirst().text());
        assertEquals("A group of 3 movies chosen by the same users: Toy Story (1995); Film 2 (1962); Film 3 (1963). "
                + "Genres: Drama 67%, Animation 33%, Children's 33%, Comedy 33%.", prompts.facts(items).getFirst().text());
    }

    /** A prompt too long for a context lists fewer items, the least rated dropped first, and says how many more. */
    @Test
    void fittingListsFewerItemsUntilThePromptFits() {
        StoredClusters items = new StoredClusters(9, new ClusterRun(EntityType.ITEM, "cf", "s", 1, 1, null), Instant.EPOCH,
                new long[] {5, 4, 3, 2, 1}, new int[] {0, 0, 0, 0, 0}, new long[] {301});
        EntityPrompt whole = prompts.prompts(items).getFirst();
        assertEquals(whole, prompts.fitted(whole, text -> true), "a prompt that fits stays as it is");
        EntityPrompt fitted = prompts.fitted(whole, text -> text.length() < whole.text().length() - 20);
        assertEquals(301, fitted.entityId());
        assertTrue(fitted.text().contains("- Toy Story (1995)\n- Film 2 (1962)\n"), "the most rated stay: " + fitted.text());
        assertTrue(fitted.text().contains("- and ") && !fitted.text().contains("Film 5"), "the least rated go: " + fitted.text());
        assertTrue(fitted.text().contains("Their genres: Drama 80%"), "the genres still count every member");
        // One listed item saves about 50 characters; more is needed, so the genres shrink too.
        EntityPrompt terse = prompts.fitted(whole, text -> text.length() < whole.text().length() - 70);
        assertTrue(terse.text().contains("Their genres: Drama 80%, Animation 20%.") && terse.text().contains("- Toy Story")
                && !terse.text().contains("Film 2"), "only the two largest genres and the most rated item stay: " + terse.text());
        EntityPrompt refused = prompts.fitted(whole, text -> false);
        assertEquals(whole, refused, "when even one listed item does not fit, the model gets the whole prompt and refuses it");
        EntityPrompt foreign = new EntityPrompt(EntityType.ITEM_CLUSTER, 999, "w", "not built here");
        assertEquals(foreign, prompts.fitted(foreign, text -> false));
    }
}
