package org.recllm.knowledge.prompt;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.recllm.core.io.BadInputException;
import org.recllm.data.dataset.Rating;
import org.recllm.data.protocol.Ml100kU1Protocol;
import org.recllm.data.protocol.Protocols;
import org.recllm.data.protocol.Protocol;
import org.recllm.data.protocol.SplitPlan;
import org.recllm.data.protocol.TemporalProtocol;

/**
 * The ratings a user prompt may show for each user under a protocol: only training data, at most
 * {@value #MAX_ITEMS} per user, the latest ones, oldest first. The users are those with training ratings.
 *
 * <ul>
 *   <li><b>ml100k-u1</b>: the protocol's profile sources (the latest 5 ratings ≥ 4 and latest 5 ≤ 2 of each user in
 *   u1.base, ties included), exactly what the imported profiles were written from. Not the full u1.base history:
 *   u1 is a random split, so u1.base also holds each user's validation ratings, and a profile written from them would
 *   carry validation labels into training and inflate validation AUC (BENCHMARK.md measured +0.046 for that leak).
 *   The profile sources are kept in training by the protocol, and using the same ones keeps generated profiles
 *   comparable with the imported ones.</li>
 *   <li><b>time</b>: the user's training ratings, all before the validation window.</li>
 * </ul>
 *
 * @param name the window recorded with each entry, e.g. {@code ml100k-u1:profile-sources}
 */
public record HistoryWindow(String name, Map<Integer, List<Rating>> byUser) {
    /** The most ratings one prompt lists; KAR's prompts show a user's recent history, not all of it. */
    public static final int MAX_ITEMS = 30;

    public HistoryWindow {
        byUser = Map.copyOf(byUser);
    }

    public static HistoryWindow of(SplitPlan plan) {
        return switch (plan.protocol()) {
            case Ml100kU1Protocol.NAME -> new HistoryWindow(plan.protocol() + ":profile-sources",
                    latestPerUser(plan.profileSources(), trainingUsers(plan)));
            case TemporalProtocol.NAME -> new HistoryWindow(plan.protocol() + ":train",
                    latestPerUser(plan.train(), trainingUsers(plan)));
            default -> throw new BadInputException(Protocols.SOURCE, 0, null,
                    "no rule for which history a user prompt may show under protocol " + plan.protocol());
        };
    }

    /** The users with training ratings, ascending. */
    public List<Integer> users() {
        return byUser.keySet().stream().sorted().toList();
    }

    /** The user's ratings to show, oldest first; empty for a user outside the window. */
    public List<Rating> of(int user) {
        return byUser.getOrDefault(user, List.of());
    }

    private static List<Integer> trainingUsers(SplitPlan plan) {
        return plan.train().stream().map(Rating::userId).distinct().toList();
    }

    private static Map<Integer, List<Rating>> latestPerUser(List<Rating> pool, List<Integer> users) {
        Map<Integer, List<Rating>> byUser = new TreeMap<>();
        for (int user : users) {
            byUser.put(user, new ArrayList<>());
        }
        for (Rating rating : pool) {
            List<Rating> ratings = byUser.get(rating.userId());
            if (ratings != null) {
                ratings.add(rating);
            }
        }
        byUser.replaceAll((user, ratings) -> {
            ratings.sort(Protocol.BY_TIME_THEN_ITEM);
            return List.copyOf(ratings.subList(Math.max(0, ratings.size() - MAX_ITEMS), ratings.size()));
        });
        return byUser;
    }
}
