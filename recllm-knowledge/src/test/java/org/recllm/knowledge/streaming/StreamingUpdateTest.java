package org.recllm.knowledge.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recllm.core.progress.Progress;
import org.recllm.data.dataset.Item;
import org.recllm.data.dataset.Rating;
import org.recllm.data.dataset.RatingDataset;
import org.recllm.data.dataset.User;
import org.recllm.knowledge.backend.Completion;
import org.recllm.knowledge.backend.CompletionSink;
import org.recllm.knowledge.backend.GenerationSettings;
import org.recllm.knowledge.backend.LlmBackend;
import org.recllm.knowledge.backend.Pricing;
import org.recllm.knowledge.generation.GenerationJob;
import org.recllm.knowledge.importing.MetadataTexts;
import org.recllm.knowledge.prompt.UpdatePrompts;
import org.recllm.knowledge.scenario.Scenarios;
import org.recllm.knowledge.store.EntityType;
import org.recllm.knowledge.store.SqliteKnowledgeStore;
import org.recllm.knowledge.store.StoredEntry;
import org.recllm.llm.tokenizer.Message;

/**
 * Streaming updates over three weekly windows: user 1 rates in weeks 1 and 3, user 2 in week 2. Each version reads
 * only what lies before its window's end; an LLM's prompt carries the user's previous version and only the window's
 * ratings; reruns ask nothing.
 */
class StreamingUpdateTest {
    private static final long WEEK = 7 * 86_400;
    private static final long T0 = 1_000 * 86_400;

    @TempDir
    Path dir;

    @Test
    void factVersionsShowOnlyWhatWasRatedBeforeTheirWindowEnded() {
        RatingDataset data = dataset();
        List<StreamWindow> windows = StreamWindows.over(data.ratings(), "7d", Long.MAX_VALUE);
        assertEquals(3, windows.size());
        try (SqliteKnowledgeStore store = SqliteKnowledgeStore.open(dir.resolve("k.db"))) {
            StreamingUpdate update = new StreamingUpdate(store, data, Scenarios.resolve("movies"), windows,
                    Integer.MAX_VALUE);
            assertEquals(3, update.activeUserWindows());
            UpdateReport first = update.withFacts(quiet(3));
            assertEquals(3, first.generated());
            Map<String, String> byWindow = texts(store, 1);
            assertEquals(2, byWindow.size(), "user 1 was active in two windows");
            String week1 = byWindow.get(windows.get(0).name());
            String week3 = byWindow.get(windows.get(2).name());
            assertTrue(week1.contains("Film 1,") && week1.contains("Film 2,") && !week1.contains("Film 5"), week1);
            assertTrue(week3.contains("Film 5,") && week3.indexOf("Film 5,") < week3.indexOf("Film 1,"),
                    "newest first, and the earlier ratings still counted: " + week3);
            assertFalse(week1.contains("Film 9"), "the rating after the last window's start is not in an earlier version");
            assertEquals(1, texts(store, 2).size());
            assertTrue(texts(store, 1).values().stream().allMatch(t -> !t.contains("Film 3,")), "user 2's film is not user 1's");

            UpdateReport again = update.withFacts(quiet(3));
            assertEquals(0, again.generated(), "a rerun finds every version stored");
            assertEquals(3, again.alreadyStored());
            assertTrue(store.entriesAbout(EntityType.USER, 1).stream()
                    .allMatch(e -> e.entry().key().modelId().equals(MetadataTexts.MODEL_ID)));
        }
    }

    @Test
    void llmPromptsChainThePreviousVersionWithTheWindowsRatingsAndResume() {
        RatingDataset data = dataset();
        List<StreamWindow> windows = StreamWindows.over(data.ratings(), "7d", Long.MAX_VALUE);
        Recording llm = new Recording();
        try (SqliteKnowledgeStore store = SqliteKnowledgeStore.open(dir.resolve("k.db"))) {
            StreamingUpdate update = new StreamingUpdate(store, data, Scenarios.resolve("movies"), windows,
                    Integer.MAX_VALUE);
            GenerationJob job = new GenerationJob(store, llm, "movies", new GenerationSettings(64, 0, 1), Pricing.FREE);
            UpdateReport report = update.withModel(llm, job, 64, quiet(3));
            assertEquals(3, report.generated());
            assertEquals(3, llm.prompts.size());
            String user1Week1 = llm.prompts.get(0);
            String user1Week3 = llm.prompts.get(2);
            assertTrue(user1Week1.contains(UpdatePrompts.NOTHING_YET) && user1Week1.contains("Film 1,"), user1Week1);
            assertTrue(user1Week3.contains("answer 1") && user1Week3.contains("Film 5,"),
                    "week 3 starts from week 1's answer: " + user1Week3);
            assertFalse(user1Week3.contains("Film 1,"), "and shows only the window's ratings, not the history again");
            assertTrue(user1Week3.contains("In the last 7 days"), user1Week3);
            assertEquals(3 * 10, report.promptTokens(), "the backend's token counts are summed");
            assertTrue(report.fullHistoryPromptTokens() > 0);

            UpdateReport again = update.withModel(llm, job, 64, quiet(3));
            assertEquals(0, again.generated(), "a rerun rebuilds the same prompts from the stored versions and asks nothing");
            assertEquals(3, llm.prompts.size());
        }
    }

    /** Users 1 and 2; user 1 rates films 1, 2 in week 1 and 5 in week 3; user 2 rates film 3 in week 2. */
    private RatingDataset dataset() {
        Map<Integer, Item> items = new HashMap<>();
        for (int i = 1; i <= 9; i++) {
            items.put(i, new Item(i, "Film " + i, 1990, List.of(i % 2 == 0 ? "Drama" : "Comedy")));
        }
        List<Rating> ratings = List.of(new Rating(1, 1, 5, T0 + 100), new Rating(1, 2, 2, T0 + 200),
                new Rating(2, 3, 4, T0 + WEEK + 50), new Rating(1, 5, 4, T0 + 2 * WEEK + 10),
                new Rating(1, 9, 1, T0 + 2 * WEEK + 20));
        return new RatingDataset("tiny", dir, Map.of(1, User.anonymous(1), 2, User.anonymous(2)), items, ratings,
                Optional.empty(), List.of(), Map.of());
    }

    private static Map<String, String> texts(SqliteKnowledgeStore store, long user) {
        Map<String, String> byWindow = new HashMap<>();
        for (StoredEntry entry : store.entriesAbout(EntityType.USER, user)) {
            byWindow.put(entry.entry().key().timeWindow(), entry.entry().answer());
        }
        return byWindow;
    }

    private static Progress quiet(int total) {
        return Progress.toLog("update", "user-windows", total, new PrintStream(OutputStream.nullOutputStream()));
    }

    /** Answers "answer N" to its N-th prompt, 10 prompt tokens each, and keeps the prompts. */
    private static final class Recording implements LlmBackend {
        final List<String> prompts = Collections.synchronizedList(new ArrayList<>());

        @Override
        public String modelId() {
            return "recording";
        }

        @Override
        public int promptTokens(List<Message> conversation) {
            return conversation.getLast().content().length() / 4;
        }

        @Override
        public Completion chat(List<Message> conversation, GenerationSettings settings) {
            prompts.add(conversation.getLast().content());
            return new Completion("answer " + prompts.size(), 10, 3, 1);
        }

        @Override
        public void chatAll(List<List<Message>> conversations, GenerationSettings settings, CompletionSink sink) {
            for (int i = 0; i < conversations.size(); i++) {
                sink.accept(i, chat(conversations.get(i), settings));
            }
        }

        @Override
        public void close() {}
    }
}
