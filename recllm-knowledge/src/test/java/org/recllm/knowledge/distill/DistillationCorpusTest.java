package org.recllm.knowledge.distill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recllm.core.io.BadInputException;
import org.recllm.core.testing.SharedData;
import org.recllm.data.dataset.Datasets;
import org.recllm.data.dataset.RatingDataset;
import org.recllm.data.protocol.Ml100kU1Protocol;
import org.recllm.knowledge.importing.TextSource;
import org.recllm.knowledge.prompt.HistoryWindow;
import org.recllm.knowledge.prompt.KnowledgePrompts;
import org.recllm.knowledge.scenario.Scenarios;
import org.recllm.knowledge.store.EntityType;
import org.recllm.llm.tokenizer.ChatTemplate;
import org.recllm.llm.train.CorpusExample;

/** The shared gpt-4o-mini profiles of ML-100K paired with the prompts KAR asks, and the held-out split by entity. */
class DistillationCorpusTest {
    private static RatingDataset data;
    private static KnowledgePrompts prompts;
    private static ProfileTexts items;
    private static ProfileTexts users;

    @BeforeAll
    static void readSharedData() {
        data = Datasets.read("ml-100k", SharedData.require("data/ml-100k"));
        prompts = new KnowledgePrompts(Scenarios.resolve("movies"), data, HistoryWindow.of(new Ml100kU1Protocol().split(data)));
        Path knowledge = SharedData.require("data/ml-100k-llm");
        items = ProfileTexts.read(new TextSource(EntityType.ITEM, knowledge.resolve("movies_structured_100K.csv"), "movie_id", "movie_info"));
        users = ProfileTexts.read(new TextSource(EntityType.USER, knowledge.resolve("users_structured_100k.csv"), "user_id", "user_profile"));
    }

    @Test
    void everyPairAsksWhatKnowledgePromptsRendersAndAnswersWithTheProfile() {
        DistillationCorpus corpus = DistillationCorpus.build(prompts, items, users, 0.1, 7);
        // 1,591 of ML-100K's 1,682 movies have a profile; user 685's is blank (no liked movie in u1.base).
        assertEquals(91, corpus.itemsWithoutProfile());
        assertEquals(1, corpus.usersWithoutProfile());
        assertEquals(159, corpus.heldOutItems().size());
        assertEquals(94, corpus.heldOutUsers().size());
        assertEquals(1_591 - 159 + 942 - 94, corpus.train().size());
        for (ProfilePair pair : concat(corpus.train(), corpus.heldOutItems(), corpus.heldOutUsers())) {
            long id = pair.prompt().entityId();
            boolean item = pair.prompt().entityType() == EntityType.ITEM;
            assertEquals(item ? prompts.item(data.item((int) id)) : prompts.user(data.user((int) id)), pair.prompt());
            assertEquals((item ? items : users).of(id), pair.profile());
        }
        assertTrue(corpus.train().stream().noneMatch(pair -> pair.prompt().entityType() == EntityType.USER
                && pair.prompt().entityId() == 685));
        ProfilePair toyStory = corpus.train().getFirst();
        assertEquals("item 1", toyStory.prompt().entity());
        assertTrue(toyStory.profile().startsWith("# Toy Story\n\n## Overview\n"), toyStory.profile());
        CorpusExample example = toyStory.example(ChatTemplate.LLAMA2);
        assertEquals("[INST] Introduce movie Toy Story (1995) and describe its attributes precisely (including but not limited"
                + " to genre, director/actors, time period/country, character, plot/theme, mood/tone, critical acclaim/award,"
                + " production quality, and soundtrack). [/INST]", example.prompt());
        assertEquals(toyStory.profile(), example.text());
    }

    @Test
    void theHeldOutEntitiesFollowTheSeedAndNeverAppearInTraining() {
        DistillationCorpus first = DistillationCorpus.build(prompts, items, users, 0.1, 7);
        DistillationCorpus again = DistillationCorpus.build(prompts, items, users, 0.1, 7);
        DistillationCorpus other = DistillationCorpus.build(prompts, items, users, 0.1, 8);
        assertEquals(ids(first.heldOutItems()), ids(again.heldOutItems()));
        assertEquals(ids(first.heldOutUsers()), ids(again.heldOutUsers()));
        assertNotEquals(ids(first.heldOutItems()), ids(other.heldOutItems()));
        assertNotEquals(ids(first.heldOutUsers()), ids(other.heldOutUsers()));
        for (EntityType type : List.of(EntityType.ITEM, EntityType.USER)) {
            Set<Long> trained = new HashSet<>(ids(first.train().stream().filter(p -> p.prompt().entityType() == type).toList()));
            List<Long> held = ids(type == EntityType.ITEM ? first.heldOutItems() : first.heldOutUsers());
            assertTrue(held.stream().noneMatch(trained::contains), type + " held out and trained on");
            assertEquals((type == EntityType.ITEM ? 1_591 : 942), trained.size() + held.size());
            assertEquals(held.stream().sorted().toList(), held, "held-out entities are listed by id");
        }
        DistillationCorpus none = DistillationCorpus.build(prompts, items, users, 0, 7);
        assertEquals(List.of(), none.heldOutItems());
        assertEquals(1_591 + 942, none.train().size());
    }

    @Test
    void blankTextsAreCountedAndARepeatedIdIsOneError(@TempDir Path dir) throws IOException {
        Path csv = Files.writeString(dir.resolve("p.csv"), "user_id,user_profile\n1,\"likes \"\"noir\"\"\nand jazz\"\n2,\n3, \n");
        ProfileTexts texts = ProfileTexts.read(new TextSource(EntityType.USER, csv, "user_id", "user_profile"));
        assertEquals(java.util.Map.of(1L, "likes \"noir\"\nand jazz"), texts.byId());
        assertEquals(2, texts.blank());
        Path twice = Files.writeString(dir.resolve("twice.csv"), "user_id,user_profile\n1,a\n1,b\n");
        BadInputException e = assertThrows(BadInputException.class,
                () -> ProfileTexts.read(new TextSource(EntityType.USER, twice, "user_id", "user_profile")));
        assertTrue(e.getMessage().contains("twice.csv:3") && e.getMessage().contains("id 1 appears again (first on line 2)"),
                e.getMessage());
        BadInputException missing = assertThrows(BadInputException.class,
                () -> ProfileTexts.read(new TextSource(EntityType.USER, dir.resolve("absent.csv"), "user_id", "user_profile")));
        assertTrue(missing.getMessage().contains("absent.csv") && missing.getMessage().contains("file not found"), missing.getMessage());
    }

    private static List<Long> ids(List<ProfilePair> pairs) {
        return pairs.stream().map(pair -> pair.prompt().entityId()).toList();
    }

    @SafeVarargs
    private static List<ProfilePair> concat(List<ProfilePair>... parts) {
        return java.util.Arrays.stream(parts).flatMap(List::stream).toList();
    }
}
