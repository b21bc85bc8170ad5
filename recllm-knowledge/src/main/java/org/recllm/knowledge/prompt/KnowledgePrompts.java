package org.recllm.knowledge.prompt;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.recllm.data.dataset.Item;
import org.recllm.data.dataset.Rating;
import org.recllm.data.dataset.RatingDataset;
import org.recllm.data.dataset.User;
import org.recllm.knowledge.scenario.Scenario;
import org.recllm.knowledge.store.EntityType;

/**
 * A scenario's factorization prompts for a dataset's items and a protocol's users. The text depends only on the
 * data, so the same inputs always give the same prompts (and prompt hashes).
 */
public final class KnowledgePrompts implements PromptFitter {
    private final Scenario scenario;
    private final RatingDataset dataset;
    private final HistoryWindow window;

    public KnowledgePrompts(Scenario scenario, RatingDataset dataset, HistoryWindow window) {
        this.scenario = scenario;
        this.dataset = dataset;
        this.window = window;
    }

    /**
     * Item prompts, by item id, at most {@code limit} of them. An item prompt uses only the dataset's metadata, so
     * its time window is the dataset: every protocol on the dataset shares the answers.
     */
    public List<EntityPrompt> items(int limit) {
        return dataset.items().values().stream()
                .sorted(Comparator.comparingInt(Item::id))
                .limit(limit)
                .map(this::item)
                .toList();
    }

    /** Prompts for the users with training data under the protocol, by user id, at most {@code limit} of them. */
    public List<EntityPrompt> users(int limit) {
        return window.users().stream().limit(limit).map(id -> user(dataset.user(id))).toList();
    }

    public EntityPrompt item(Item item) {
        String text = scenario.itemPrompt().render(Map.of("item", item.title(), "noun", scenario.itemNoun(),
                "nouns", scenario.itemNouns(), "factors", scenario.factorList()));
        return new EntityPrompt(EntityType.ITEM, item.id(), dataset.name(), text);
    }

    public EntityPrompt user(User user) {
        return user(user, window.of(user.id()));
    }

    /**
     * The prompt with the most recent ratings the window allows that still {@code fits} (a model's context, say),
     * dropping the oldest first; an item prompt, or a user prompt that fits whole, is returned as it is. When not even
     * an empty history fits, the whole prompt is returned and the model refuses it.
     */
    @Override
    public EntityPrompt fitted(EntityPrompt prompt, Predicate<String> fits) {
        if (prompt.entityType() != EntityType.USER || fits.test(prompt.text())) {
            return prompt;
        }
        User user = dataset.user((int) prompt.entityId());
        List<Rating> ratings = window.of(user.id());
        int low = 0;
        int high = ratings.size() - 1;
        EntityPrompt best = null;
        while (low <= high) {
            int keep = (low + high) >>> 1;
            EntityPrompt candidate = user(user, ratings.subList(ratings.size() - keep, ratings.size()));
            if (fits.test(candidate.text())) {
                best = candidate;
                low = keep + 1;
            } else {
                high = keep - 1;
            }
        }
        return best == null ? prompt : best;
    }

    /**
     * The group of similar entities a prompt belongs to, for pools of earlier answers shared by a group: an item's
     * first genre; a user's most rated genre in the window (ties to the alphabetically first), or "none"; for a
     * cluster, its type (cluster prompts share one pool per type).
     */
    public String genreGroup(EntityPrompt prompt) {
        if (prompt.entityType().isCluster()) {
            return prompt.entityType().label();
        }
        if (prompt.entityType() == EntityType.ITEM) {
            String genre = dataset.findItem(prompt.entityId()).map(Item::firstGenre).orElse(null);
            return "item:" + (genre == null ? "none" : genre);
        }
        Map<String, Integer> counts = new TreeMap<>();
        for (Rating rating : window.of((int) prompt.entityId())) {
            for (String genre : dataset.item(rating.itemId()).genres()) {
                counts.merge(genre, 1, Integer::sum);
            }
        }
        String favourite = "none";
        int best = 0;
        for (Map.Entry<String, Integer> entry : counts.entrySet()) {
            if (entry.getValue() > best) {
                favourite = entry.getKey();
                best = entry.getValue();
            }
        }
        return "user:" + favourite;
    }

    /** The user prompt showing {@code ratings}, oldest first, whatever the window holds. */
    public EntityPrompt user(User user, List<Rating> ratings) {
        String text = scenario.userPrompt().render(Map.of("user", describe(user), "history", history(dataset, ratings),
                "noun", scenario.itemNoun(), "nouns", scenario.itemNouns(), "factors", scenario.factorList()));
        return new EntityPrompt(EntityType.USER, user.id(), window.name(), text);
    }

    /** "a female user aged 25-34 whose occupation is writer", leaving out what the dataset does not know. */
    static String describe(User user) {
        StringBuilder text = new StringBuilder("a ");
        if (user.gender() != null) {
            text.append(switch (user.gender()) {
                case "F" -> "female";
                case "M" -> "male";
                default -> user.gender();
            }).append(' ');
        }
        text.append("user");
        if (user.ageGroup() != null) {
            text.append(" aged ").append(user.ageGroup());
        }
        if (user.occupation() != null) {
            text.append(" whose occupation is ").append(user.occupation());
        }
        return text.toString();
    }

    /** One line per rating, "- Title, 4 stars", oldest first. */
    static String history(RatingDataset dataset, List<Rating> ratings) {
        if (ratings.isEmpty()) {
            return "(no ratings)";
        }
        List<String> lines = new ArrayList<>();
        for (Rating rating : ratings) {
            lines.add("- " + dataset.item(rating.itemId()).title() + ", " + stars(rating.value()));
        }
        return String.join("\n", lines);
    }

    static String stars(float value) {
        String number = value == Math.rint(value) ? Integer.toString((int) value) : String.format(Locale.ROOT, "%.1f", value);
        return number + (value == 1f ? " star" : " stars");
    }
}
