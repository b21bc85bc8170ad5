package org.recllm.knowledge.prompt;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.recllm.data.dataset.Item;
import org.recllm.data.dataset.Rating;
import org.recllm.data.dataset.RatingDataset;
import org.recllm.data.dataset.User;
import org.recllm.knowledge.scenario.Scenario;
import org.recllm.knowledge.store.EntityType;
import org.recllm.knowledge.store.StoredClusters;

/**
 * One prompt per collaborative cluster, describing what its members share, from the same data user prompts may show
 * (the protocol's {@link HistoryWindow}, so a cluster prompt leaks nothing a user prompt would not). An item cluster
 * lists its members, most rated in the window first, and their genres; a user cluster lists the items most of its
 * members rated (how many did, their mean rating), the members' ratings by genre and who they are. The same summary
 * also reads as a plain {@linkplain #facts fact text}: the cluster's fallback knowledge when no LLM is asked.
 * Each prompt is keyed by the cluster's store id, so clusterings never overwrite each other's knowledge.
 */
public final class ClusterPrompts implements PromptFitter {
    /** The most member items an item-cluster prompt lists. */
    public static final int MAX_ITEMS = 20;
    /** The most items a user-cluster prompt lists. */
    public static final int MAX_HISTORY = 15;
    /** The most genres either lists. */
    public static final int MAX_GENRES = 6;
    /** The genres a prompt cut to fit a small context keeps. */
    public static final int FEW_GENRES = 2;

    private final Scenario scenario;
    private final RatingDataset dataset;
    private final HistoryWindow window;
    private final Map<Integer, Integer> itemRatings = new HashMap<>();
    /** The members of every cluster a prompt was built for, by (type, cluster store id): what fitting re-renders. */
    private final Map<String, long[]> membersOf = new HashMap<>();

    public ClusterPrompts(Scenario scenario, RatingDataset dataset, HistoryWindow window) {
        this.scenario = scenario;
        this.dataset = dataset;
        this.window = window;
        for (List<Rating> ratings : window.byUser().values()) {
            for (Rating rating : ratings) {
                itemRatings.merge(rating.itemId(), 1, Integer::sum);
            }
        }
    }

    /** The prompts of a clustering's non-empty clusters, by cluster. */
    public List<EntityPrompt> prompts(StoredClusters clusters) {
        return summaries(clusters, summary -> render(clusters.run().type(), summary, true));
    }

    /** The fact texts of a clustering's non-empty clusters, by cluster (the same order and keys as the prompts). */
    public List<EntityPrompt> facts(StoredClusters clusters) {
        return summaries(clusters, summary -> render(clusters.run().type(), summary, false));
    }

    /**
     * A cluster prompt of {@link #prompts} cut until it fits: fewer items listed (the least rated go first, at least
     * one stays); if one item is still too many, also without who the members are and with only the largest
     * {@value #FEW_GENRES} genres. A prompt this instance did not build is returned as it is.
     */
    @Override
    public EntityPrompt fitted(EntityPrompt prompt, Predicate<String> fits) {
        long[] members = membersOf.get(key(prompt.entityType(), prompt.entityId()));
        if (members == null || fits.test(prompt.text())) {
            return prompt;
        }
        EntityType type = prompt.entityType().members();
        int most = type == EntityType.ITEM ? MAX_ITEMS : MAX_HISTORY;
        for (boolean terse : new boolean[] {false, true}) {
            EntityPrompt best = null;
            int low = 1;
            int high = terse ? most : most - 1;
            while (low <= high) {
                int listed = (low + high) >>> 1;
                Summary summary = summary(type, members, listed);
                if (terse) {
                    summary = summary.terse();
                }
                EntityPrompt candidate = new EntityPrompt(prompt.entityType(), prompt.entityId(), prompt.timeWindow(),
                        render(type, summary, true));
                if (fits.test(candidate.text())) {
                    best = candidate;
                    low = listed + 1;
                } else {
                    high = listed - 1;
                }
            }
            if (best != null) {
                return best;
            }
        }
        return prompt;
    }

    /** What one cluster's prompt says, before any template. */
    private record Summary(int size, String members, String ranked, String genres) {
        /** Without who the members are, and only the largest genres. */
        Summary terse() {
            String[] shares = genres.split(", ");
            return new Summary(size, "", ranked, String.join(", ", List.of(shares).subList(0, Math.min(FEW_GENRES,
                    shares.length))));
        }
    }

    private List<EntityPrompt> summaries(StoredClusters clusters, Function<Summary, String> text) {
        EntityType members = clusters.run().type();
        long[][] byCluster = clusters.members();
        List<EntityPrompt> prompts = new ArrayList<>();
        for (int c = 0; c < byCluster.length; c++) {
            if (byCluster[c].length == 0) {
                continue;
            }
            long id = clusters.clusterIds()[c];
            membersOf.put(key(members.clusters(), id), byCluster[c]);
            Summary summary = summary(members, byCluster[c], members == EntityType.ITEM ? MAX_ITEMS : MAX_HISTORY);
            prompts.add(new EntityPrompt(members.clusters(), id, window.name(), text.apply(summary)));
        }
        return prompts;
    }

    private Summary summary(EntityType members, long[] ids, int listed) {
        return members == EntityType.ITEM ? itemCluster(ids, listed) : userCluster(ids, listed);
    }

    private static String key(EntityType type, long clusterId) {
        return type.label() + " " + clusterId;
    }

    private String render(EntityType members, Summary summary, boolean prompt) {
        if (!prompt) {
            String inline = summary.ranked().replace("\n- ", "; ").replaceFirst("^- ", "");
            return members == EntityType.ITEM
                    ? "A group of " + summary.size() + " " + scenario.itemNouns() + " chosen by the same users: " + inline
                            + ". Genres: " + summary.genres() + "."
                    : "A group of " + summary.size() + " users with similar tastes. " + summary.members() + " Most rated: "
                            + inline + ". Ratings by genre: " + summary.genres() + ".";
        }
        Map<String, String> values = new HashMap<>(Map.of("size", Integer.toString(summary.size()), "genres",
                summary.genres(), "noun", scenario.itemNoun(), "nouns", scenario.itemNouns(), "factors",
                scenario.factorList()));
        if (members == EntityType.ITEM) {
            values.put("items", summary.ranked());
            return scenario.itemClusterPrompt().render(values);
        }
        values.put("history", summary.ranked());
        values.put("users", summary.members());
        return scenario.userClusterPrompt().render(values);
    }

    private Summary itemCluster(long[] members, int listed) {
        List<Item> items = new ArrayList<>();
        for (long id : members) {
            dataset.findItem(id).ifPresent(items::add);
        }
        items.sort(Comparator.comparingInt((Item item) -> -itemRatings.getOrDefault(item.id(), 0)).thenComparingInt(Item::id));
        String lines = items.stream().limit(listed).map(item -> "- " + item.title()).collect(Collectors.joining("\n"));
        if (items.size() > listed) {
            lines += "\n- and " + (items.size() - listed) + " more";
        }
        Map<String, Integer> genres = new TreeMap<>();
        for (Item item : items) {
            item.genres().forEach(genre -> genres.merge(genre, 1, Integer::sum));
        }
        return new Summary(members.length, "", lines, shares(genres, items.size(), null));
    }

    private Summary userCluster(long[] members, int listed) {
        Map<Integer, double[]> perItem = new HashMap<>();
        Map<String, Integer> genreCounts = new TreeMap<>();
        Map<String, Double> genreSums = new TreeMap<>();
        int ratings = 0;
        for (long member : members) {
            for (Rating rating : window.of((int) member)) {
                double[] stats = perItem.computeIfAbsent(rating.itemId(), id -> new double[2]);
                stats[0]++;
                stats[1] += rating.value();
                ratings++;
                for (String genre : dataset.item(rating.itemId()).genres()) {
                    genreCounts.merge(genre, 1, Integer::sum);
                    genreSums.merge(genre, (double) rating.value(), Double::sum);
                }
            }
        }
        List<Map.Entry<Integer, double[]>> ranked = new ArrayList<>(perItem.entrySet());
        ranked.sort(Comparator.comparingDouble((Map.Entry<Integer, double[]> e) -> -e.getValue()[0])
                .thenComparingDouble(e -> -e.getValue()[1] / e.getValue()[0]).thenComparingInt(Map.Entry::getKey));
        String lines = ranked.isEmpty() ? "(no ratings)" : ranked.stream().limit(listed)
                .map(e -> String.format(Locale.ROOT, "- %s: rated by %d, mean %.1f stars", dataset.item(e.getKey()).title(),
                        (int) e.getValue()[0], e.getValue()[1] / e.getValue()[0]))
                .collect(Collectors.joining("\n"));
        return new Summary(members.length, who(members), lines, shares(genreCounts, ratings, genreSums));
    }

    /**
     * "Genre 31% (mean 3.9), …": the largest shares first (ties by name), at most {@value #MAX_GENRES}; means only
     * when sums are given.
     */
    static String shares(Map<String, Integer> counts, int total, Map<String, Double> sums) {
        if (counts.isEmpty() || total == 0) {
            return "unknown";
        }
        return counts.entrySet().stream()
                .sorted(Comparator.comparingInt((Map.Entry<String, Integer> e) -> -e.getValue()).thenComparing(Map.Entry::getKey))
                .limit(MAX_GENRES)
                .map(e -> String.format(Locale.ROOT, "%s %d%%", e.getKey(), Math.round(100.0 * e.getValue() / total))
                        + (sums == null ? "" : String.format(Locale.ROOT, " (mean %.1f)", sums.get(e.getKey()) / e.getValue())))
                .collect(Collectors.joining(", "));
    }

    /** "Most are male (70%), most often aged 25-34; common occupations: student, engineer, writer." or "". */
    private String who(long[] members) {
        if (!dataset.hasDemographics()) {
            return "";
        }
        Map<String, Integer> genders = new TreeMap<>();
        Map<String, Integer> ages = new TreeMap<>();
        Map<String, Integer> occupations = new TreeMap<>();
        for (long id : members) {
            User user = dataset.user((int) id);
            if (user.gender() != null) {
                genders.merge(switch (user.gender()) {
                    case "F" -> "female";
                    case "M" -> "male";
                    default -> user.gender();
                }, 1, Integer::sum);
            }
            if (user.ageGroup() != null) {
                ages.merge(user.ageGroup(), 1, Integer::sum);
            }
            if (user.occupation() != null) {
                occupations.merge(user.occupation(), 1, Integer::sum);
            }
        }
        List<String> parts = new ArrayList<>();
        top(genders, 1).forEach(g -> parts.add(String.format(Locale.ROOT, "most are %s (%d%%)", g,
                Math.round(100.0 * genders.get(g) / members.length))));
        top(ages, 1).forEach(a -> parts.add("most often aged " + a));
        String described = String.join(", ", parts);
        List<String> jobs = top(occupations, 3);
        if (!jobs.isEmpty()) {
            described += (described.isEmpty() ? "Common" : "; common") + " occupations: " + String.join(", ", jobs);
        }
        return described.isEmpty() ? "" : Character.toUpperCase(described.charAt(0)) + described.substring(1) + ".";
    }

    private static List<String> top(Map<String, Integer> counts, int n) {
        return counts.entrySet().stream()
                .sorted(Comparator.comparingInt((Map.Entry<String, Integer> e) -> -e.getValue()).thenComparing(Map.Entry::getKey))
                .limit(n).map(Map.Entry::getKey).toList();
    }
}
