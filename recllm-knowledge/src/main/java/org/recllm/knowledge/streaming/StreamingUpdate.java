package org.recllm.knowledge.streaming;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.recllm.core.progress.Progress;
import org.recllm.data.dataset.Rating;
import org.recllm.data.dataset.RatingDataset;
import org.recllm.data.protocol.Protocol;
import org.recllm.knowledge.backend.LlmBackend;
import org.recllm.knowledge.generation.ContextFit;
import org.recllm.knowledge.generation.GenerationJob;
import org.recllm.knowledge.generation.GenerationReport;
import org.recllm.knowledge.importing.MetadataTexts;
import org.recllm.knowledge.prompt.EntityPrompt;
import org.recllm.knowledge.prompt.HistoryWindow;
import org.recllm.knowledge.prompt.KnowledgePrompts;
import org.recllm.knowledge.prompt.UpdatePrompts;
import org.recllm.knowledge.prompt.UserFacts;
import org.recllm.knowledge.scenario.Scenario;
import org.recllm.knowledge.store.EntityType;
import org.recllm.knowledge.store.EntryKey;
import org.recllm.knowledge.store.KnowledgeEntry;
import org.recllm.knowledge.store.KnowledgeStore;
import org.recllm.llm.tokenizer.Message;

/**
 * Streaming knowledge updates: the windows of a cadence over the interaction log, in time order; in each, every user
 * with ratings in it gets a new version of their knowledge, stored under the window's name. With an LLM the prompt is
 * the user's previous version plus the window's ratings ({@link UpdatePrompts}); without one the version is the
 * user's fact text over everything rated before the window's end ({@link UserFacts}). Nothing a version is made of
 * lies after its window's end, so reading versions by sample time leaks nothing.
 *
 * <p>Rerunnable and resumable: a window's prompts depend only on the data and the stored earlier versions, so a
 * rerun builds the same prompts, finds the stored answers and asks only what is missing.
 */
public final class StreamingUpdate {
    private final KnowledgeStore store;
    private final RatingDataset dataset;
    private final Scenario scenario;
    private final UpdatePrompts updates;
    private final KnowledgePrompts fullHistory;
    /** Per user, every rating of the log, oldest first. */
    private final Map<Integer, List<Rating>> byUser = new TreeMap<>();

    public StreamingUpdate(KnowledgeStore store, RatingDataset dataset, Scenario scenario) {
        this.store = store;
        this.dataset = dataset;
        this.scenario = scenario;
        this.updates = new UpdatePrompts(scenario, dataset);
        this.fullHistory = new KnowledgePrompts(scenario, dataset, new HistoryWindow("full history", Map.of()));
        for (Rating rating : dataset.ratings()) {
            byUser.computeIfAbsent(rating.userId(), user -> new ArrayList<>()).add(rating);
        }
        byUser.values().forEach(ratings -> ratings.sort(Protocol.BY_TIME_THEN_ITEM));
    }

    /**
     * The user-windows to refresh: per window, each user active in it. {@code users} limits every method to the
     * log's first users by id (the same users in every window).
     */
    public int activeUserWindows(List<StreamWindow> windows, int users) {
        int total = 0;
        for (StreamWindow window : windows) {
            total += active(window, users).size();
        }
        return total;
    }

    /** Refreshes every active user's knowledge in each window with {@code llm}, answering at most {@code maxTokens}. */
    public UpdateReport withModel(List<StreamWindow> windows, int users, LlmBackend llm, GenerationJob job,
                                  int maxTokens, Progress progress) {
        Map<Integer, String> previous = new HashMap<>();
        int answerRoom = Math.min(maxTokens, ContextFit.MIN_ANSWER_TOKENS);
        int prompts = 0;
        int stored = 0;
        int generated = 0;
        long in = 0;
        long out = 0;
        long fullIn = 0;
        double seconds = 0;
        for (StreamWindow window : windows) {
            String period = UpdatePrompts.period(window.cadence());
            List<EntityPrompt> asked = new ArrayList<>();
            for (Map.Entry<Integer, List<Rating>> active : active(window, users).entrySet()) {
                int user = active.getKey();
                asked.add(updates.fitted(user, window.name(), period, previous.get(user), active.getValue(),
                        text -> llm.fits(List.of(Message.user(text)), answerRoom)));
                int full = llm.promptTokens(List.of(Message.user(fullHistory.user(dataset.user(user),
                        latestBefore(user, window.end())).text())));
                fullIn = full < 0 || fullIn < 0 ? -1 : fullIn + full;
            }
            if (asked.isEmpty()) {
                continue;
            }
            int pending = job.pending(asked).size();
            progress.advance(asked.size() - pending);
            GenerationReport report = job.run(asked, progress);
            prompts += asked.size();
            stored += report.alreadyStored();
            generated += report.generated();
            in += report.promptTokens();
            out += report.completionTokens();
            seconds += report.seconds();
            for (EntityPrompt prompt : asked) {
                store.find(prompt.key(scenario.name(), llm.modelId())).ifPresent(found ->
                        previous.put((int) prompt.entityId(), found.entry().answer()));
            }
        }
        return new UpdateReport(windows.size(), prompts, stored, generated, in, out, fullIn, seconds);
    }

    /** Writes every active user's fact text as of each window's end (model id {@value MetadataTexts#MODEL_ID}). */
    public UpdateReport withFacts(List<StreamWindow> windows, int users, Progress progress) {
        long started = System.nanoTime();
        int prompts = 0;
        int generated = 0;
        for (StreamWindow window : windows) {
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            Map<Integer, List<Rating>> active = active(window, users);
            generated += store.inTransaction(() -> {
                int added = 0;
                for (int user : active.keySet()) {
                    EntryKey key = EntryKey.of(EntityType.USER, user, scenario.name(), MetadataTexts.PROMPT,
                            MetadataTexts.MODEL_ID, window.name());
                    if (store.find(key).isEmpty()) {
                        store.upsert(new KnowledgeEntry(key, MetadataTexts.PROMPT,
                                UserFacts.text(dataset, latestBefore(user, window.end())), 0, 0, 0, now));
                        added++;
                    }
                }
                return added;
            });
            prompts += active.size();
            progress.advance(active.size());
        }
        return new UpdateReport(windows.size(), prompts, prompts - generated, generated, 0, 0, 0,
                (System.nanoTime() - started) / 1e9);
    }

    /** The users among the log's first {@code users} with ratings in {@code window}, and those ratings, oldest first. */
    private Map<Integer, List<Rating>> active(StreamWindow window, int users) {
        Map<Integer, List<Rating>> active = new TreeMap<>();
        int seen = 0;
        for (Map.Entry<Integer, List<Rating>> entry : byUser.entrySet()) {
            if (seen++ >= users) {
                break;
            }
            List<Rating> inWindow = entry.getValue().stream().filter(r -> window.contains(r.timestamp())).toList();
            if (!inWindow.isEmpty()) {
                active.put(entry.getKey(), inWindow);
            }
        }
        return active;
    }

    /** The user's ratings before {@code end}, the latest {@value HistoryWindow#MAX_ITEMS} of them, oldest first. */
    private List<Rating> latestBefore(int user, long end) {
        List<Rating> ratings = byUser.getOrDefault(user, List.of());
        int count = 0;
        while (count < ratings.size() && ratings.get(count).timestamp() < end) {
            count++;
        }
        return ratings.subList(Math.max(0, count - HistoryWindow.MAX_ITEMS), count);
    }
}
