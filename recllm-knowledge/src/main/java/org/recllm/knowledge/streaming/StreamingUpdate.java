package org.recllm.knowledge.streaming;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
    private final List<StreamWindow> windows;
    /** Per user, every rating of the log, oldest first. */
    private final Map<Integer, List<Rating>> byUser = new TreeMap<>();
    /** Per window, the users active in it (by id) and their ratings in it, oldest first. */
    private final List<Map<Integer, List<Rating>>> active = new ArrayList<>();

    /**
     * An update over {@code windows} (consecutive, as {@link StreamWindows#over} gives them) for the log's first
     * {@code users} users by id (the same users in every window).
     */
    public StreamingUpdate(KnowledgeStore store, RatingDataset dataset, Scenario scenario, List<StreamWindow> windows,
                           int users) {
        this.store = store;
        this.dataset = dataset;
        this.scenario = scenario;
        this.updates = new UpdatePrompts(scenario, dataset);
        this.fullHistory = new KnowledgePrompts(scenario, dataset, new HistoryWindow("full history", Map.of()));
        this.windows = List.copyOf(windows);
        for (Rating rating : dataset.ratings()) {
            byUser.computeIfAbsent(rating.userId(), user -> new ArrayList<>()).add(rating);
        }
        byUser.values().forEach(ratings -> ratings.sort(Protocol.BY_TIME_THEN_ITEM));
        long[] starts = new long[windows.size()];
        for (int w = 0; w < starts.length; w++) {
            starts[w] = windows.get(w).start();
            active.add(new TreeMap<>());
        }
        int seen = 0;
        for (Map.Entry<Integer, List<Rating>> entry : byUser.entrySet()) {
            if (seen++ >= users) {
                break;
            }
            for (Rating rating : entry.getValue()) {
                int w = Arrays.binarySearch(starts, rating.timestamp());
                w = w >= 0 ? w : -w - 2;
                if (w >= 0 && windows.get(w).contains(rating.timestamp())) {
                    active.get(w).computeIfAbsent(entry.getKey(), user -> new ArrayList<>()).add(rating);
                }
            }
        }
    }

    /** The user-windows to refresh: per window, each user active in it. */
    public int activeUserWindows() {
        return active.stream().mapToInt(Map::size).sum();
    }

    /** Refreshes every active user's knowledge in each window with {@code llm}, answering at most {@code maxTokens}. */
    public UpdateReport withModel(LlmBackend llm, GenerationJob job, int maxTokens, Progress progress) {
        Map<Integer, String> previous = new HashMap<>();
        int answerRoom = Math.min(maxTokens, ContextFit.MIN_ANSWER_TOKENS);
        int prompts = 0;
        int stored = 0;
        int generated = 0;
        long in = 0;
        long out = 0;
        long fullIn = 0;
        double seconds = 0;
        for (int w = 0; w < windows.size(); w++) {
            StreamWindow window = windows.get(w);
            String period = UpdatePrompts.period(window.cadence());
            List<EntityPrompt> asked = new ArrayList<>();
            for (Map.Entry<Integer, List<Rating>> user : active.get(w).entrySet()) {
                int id = user.getKey();
                asked.add(updates.fitted(id, window.name(), period, previous.get(id), user.getValue(),
                        text -> llm.fits(List.of(Message.user(text)), answerRoom)));
                int full = llm.promptTokens(List.of(Message.user(fullHistory.user(dataset.user(id),
                        latestBefore(id, window.end())).text())));
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
    public UpdateReport withFacts(Progress progress) {
        long started = System.nanoTime();
        int prompts = 0;
        int generated = 0;
        for (int w = 0; w < windows.size(); w++) {
            StreamWindow window = windows.get(w);
            Set<Integer> users = active.get(w).keySet();
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            generated += store.inTransaction(() -> {
                int added = 0;
                for (int user : users) {
                    EntryKey key = MetadataTexts.key(EntityType.USER, user, scenario.name(), window.name());
                    if (store.find(key).isEmpty()) {
                        store.upsert(MetadataTexts.entry(key, UserFacts.text(dataset, latestBefore(user, window.end())),
                                now));
                        added++;
                    }
                }
                return added;
            });
            prompts += users.size();
            progress.advance(users.size());
        }
        return new UpdateReport(windows.size(), prompts, prompts - generated, generated, 0, 0, 0,
                (System.nanoTime() - started) / 1e9);
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
