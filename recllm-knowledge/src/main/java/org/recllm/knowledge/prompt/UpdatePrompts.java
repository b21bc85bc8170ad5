package org.recllm.knowledge.prompt;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.recllm.data.dataset.Rating;
import org.recllm.data.dataset.RatingDataset;
import org.recllm.data.dataset.User;
import org.recllm.knowledge.scenario.Scenario;
import org.recllm.knowledge.store.EntityType;

/**
 * A scenario's update prompts: a user's earlier knowledge plus the user's ratings in one time window, asking for the
 * refreshed analysis. The model reads the window, not the whole history again, so a refresh costs one window's
 * tokens. Keyed by the window's name, so each window's answer is a new version beside the earlier ones.
 */
public final class UpdatePrompts {
    /** What {@code {previous}} says for a user without earlier knowledge. */
    public static final String NOTHING_YET = "(nothing yet: these are the first ratings seen from this user)";

    private final Scenario scenario;
    private final RatingDataset dataset;

    public UpdatePrompts(Scenario scenario, RatingDataset dataset) {
        this.scenario = scenario;
        this.dataset = dataset;
    }

    /**
     * The prompt for {@code userId} in window {@code windowName} lasting {@code period} (e.g. "7 days"), from the
     * earlier answer ({@code previous}, null when none) and the window's ratings (oldest first; the latest
     * {@value HistoryWindow#MAX_ITEMS} are shown).
     */
    public EntityPrompt prompt(int userId, String windowName, String period, String previous, List<Rating> ratings) {
        List<Rating> shown = ratings.subList(Math.max(0, ratings.size() - HistoryWindow.MAX_ITEMS), ratings.size());
        return render(dataset.user(userId), windowName, period, previous == null ? NOTHING_YET : previous, shown);
    }

    /**
     * The prompt cut until it {@code fits}: the window's oldest ratings go first (the latest one always stays), then
     * the earlier answer loses its last words; when even one rating and no earlier words do not fit, the whole
     * prompt is returned and the model refuses it.
     */
    public EntityPrompt fitted(int userId, String windowName, String period, String previous, List<Rating> ratings,
                               Predicate<String> fits) {
        EntityPrompt whole = prompt(userId, windowName, period, previous, ratings);
        if (fits.test(whole.text())) {
            return whole;
        }
        User user = dataset.user(userId);
        String earlier = previous == null ? NOTHING_YET : previous;
        List<Rating> shown = ratings.subList(Math.max(0, ratings.size() - HistoryWindow.MAX_ITEMS), ratings.size());
        int keep = largest(1, shown.size(), n -> fits.test(render(user, windowName, period, earlier,
                shown.subList(shown.size() - n, shown.size())).text()));
        if (keep > 0) {
            return render(user, windowName, period, earlier, shown.subList(shown.size() - keep, shown.size()));
        }
        List<Rating> last = shown.subList(shown.size() - 1, shown.size());
        String[] words = earlier.split("\\s+");
        int wordsKept = largest(1, words.length, n -> fits.test(render(user, windowName, period, cut(words, n), last).text()));
        return wordsKept > 0 ? render(user, windowName, period, cut(words, wordsKept), last) : whole;
    }

    /** "7 days", "12 hours", "2 weeks" for a cadence such as {@code 7d}. */
    public static String period(String cadence) {
        int count = Integer.parseInt(cadence.substring(0, cadence.length() - 1));
        String unit = switch (cadence.charAt(cadence.length() - 1)) {
            case 'h' -> "hour";
            case 'd' -> "day";
            case 'w' -> "week";
            default -> throw new IllegalArgumentException("expected a cadence such as 7d, got '" + cadence + "'");
        };
        return count + " " + unit + (count == 1 ? "" : "s");
    }

    private EntityPrompt render(User user, String windowName, String period, String previous, List<Rating> ratings) {
        Map<String, String> values = new HashMap<>(Map.of("user", KnowledgePrompts.describe(user), "previous", previous,
                "period", period, "history", KnowledgePrompts.history(dataset, ratings), "noun", scenario.itemNoun(),
                "nouns", scenario.itemNouns(), "factors", scenario.factorList()));
        return new EntityPrompt(EntityType.USER, user.id(), windowName, scenario.userUpdatePrompt().render(values));
    }

    private static String cut(String[] words, int n) {
        return String.join(" ", List.of(words).subList(0, n)) + (n < words.length ? " …" : "");
    }

    /** The largest n in [low, high] that {@code works} (true for all smaller n), or 0 when none does. */
    private static int largest(int low, int high, Predicate<Integer> works) {
        int best = 0;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            if (works.test(mid)) {
                best = mid;
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        return best;
    }
}
