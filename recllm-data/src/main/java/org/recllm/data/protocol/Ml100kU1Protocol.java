package org.recllm.data.protocol;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import org.recllm.core.io.BadInputException;
import org.recllm.data.dataset.MovieLens100k;
import org.recllm.data.dataset.Rating;
import org.recllm.data.dataset.RatingDataset;
import org.recllm.data.dataset.TrainTestSplit;

/**
 * ML100K-U1: train pool {@code u1.base}, test {@code u1.test}. Per user, the profile sources (the ratings ≥ 4 at or
 * after the 5th-latest such rating, likewise for ratings ≤ 2) stay in training; of the user's other n base ratings,
 * ⌊0.1·n⌋ (at least 1 when n ≥ 2) are drawn uniformly for validation. Histories come from all of u1.base.
 *
 * <p>The draw is reproducible by any implementation: one {@link java.util.Random} seeded with {@link #SPLIT_SEED},
 * users in ascending id, each user's eligible ratings in (timestamp, item id) order, a partial Fisher–Yates shuffle
 * whose step i swaps position i with i + nextInt(n − i); the first k positions are validation.
 */
public final class Ml100kU1Protocol implements Protocol {
    public static final String NAME = "ml100k-u1";
    /** Fixed by the benchmark; independent of any training seed. */
    public static final long SPLIT_SEED = 2026;
    /**
     * The order of each split's rows: (timestamp, item id), ties between users by user id, so that the order does not
     * depend on the order of the files' lines (a distributed job reads them in parts).
     */
    public static final Comparator<Rating> SPLIT_ORDER = BY_TIME_THEN_ITEM.thenComparingInt(Rating::userId);
    /** How many of a user's latest positives (and negatives) a user profile was written from. */
    public static final int PROFILE_SOURCES_PER_POLARITY = 5;

    @Override
    public String name() {
        return NAME;
    }

    /** The error for a dataset in {@code dir} that has no u1 split files. */
    public static BadInputException withoutOfficialSplit(Path dir, String dataset) {
        return new BadInputException(dir.resolve("u1.base"), 0, null, "protocol " + NAME + " needs ML-100K's official "
                + "split u1.base/u1.test; use the " + TemporalProtocol.NAME + " protocol for " + dataset);
    }

    @Override
    public SplitPlan split(RatingDataset dataset) {
        TrainTestSplit u1 = dataset.officialSplit()
                .filter(split -> split.name().equals(MovieLens100k.SPLIT))
                .orElseThrow(() -> withoutOfficialSplit(dataset.directory(), dataset.name()));
        Map<Integer, List<Rating>> byUser = new TreeMap<>();
        for (Rating rating : u1.base()) {
            byUser.computeIfAbsent(rating.userId(), u -> new ArrayList<>()).add(rating);
        }
        Random random = new Random(SPLIT_SEED);
        List<Rating> train = new ArrayList<>();
        List<Rating> validation = new ArrayList<>();
        List<Rating> sources = new ArrayList<>();
        for (List<Rating> ratings : byUser.values()) {
            UserRatings user = UserRatings.of(ratings);
            user.assign(validationDraw(user.eligible().size(), random),
                    (split, rating) -> (split == Split.VALID ? validation : train).add(rating));
            sources.addAll(user.profileSources());
        }
        train.sort(SPLIT_ORDER);
        validation.sort(SPLIT_ORDER);
        List<Rating> test = new ArrayList<>(u1.test());
        test.sort(SPLIT_ORDER);
        return new SplitPlan(NAME, train, validation, test, u1.base(), sources);
    }

    /**
     * Which of a user's {@code n} eligible ratings (in (timestamp, item id) order) are drawn for validation: ⌊0.1·n⌋
     * of them (at least 1 when n ≥ 2) by the partial Fisher–Yates shuffle of the class comment, taking from
     * {@code random} what the user's turn takes. Users must take their turns in ascending id order.
     */
    public static boolean[] validationDraw(int n, Random random) {
        int k = n >= 2 ? Math.max(1, n / 10) : 0;
        int[] positions = new int[n];
        for (int i = 0; i < n; i++) {
            positions[i] = i;
        }
        boolean[] drawn = new boolean[n];
        for (int i = 0; i < k; i++) {
            int j = i + random.nextInt(n - i);
            int swapped = positions[i];
            positions[i] = positions[j];
            positions[j] = swapped;
            drawn[positions[i]] = true;
        }
        return drawn;
    }

    /**
     * One user's base ratings as the protocol splits them, each list in (timestamp, item id) order: the profile
     * sources, which stay in training, and the others, which may be drawn for validation.
     */
    public record UserRatings(List<Rating> profileSources, List<Rating> eligible) {

        /** The user's ratings (any order) divided by the rule of the class comment. */
        public static UserRatings of(Iterable<Rating> ratings) {
            List<Rating> chronological = new ArrayList<>();
            ratings.forEach(chronological::add);
            chronological.sort(BY_TIME_THEN_ITEM);
            List<Rating> sources = Ml100kU1Protocol.profileSources(chronological);
            List<Rating> eligible = new ArrayList<>(chronological);
            eligible.removeAll(sources);
            return new UserRatings(List.copyOf(sources), List.copyOf(eligible));
        }

        /** Hands every rating to {@code sink} with its split, given the user's {@link #validationDraw}. */
        public void assign(boolean[] drawn, BiConsumer<Split, Rating> sink) {
            for (int i = 0; i < eligible.size(); i++) {
                sink.accept(drawn[i] ? Split.VALID : Split.TRAIN, eligible.get(i));
            }
            profileSources.forEach(source -> sink.accept(Split.TRAIN, source));
        }
    }

    /**
     * The ratings a user's profile was written from, given the user's ratings in (timestamp, item id) order: for
     * positives (≥ 4) and negatives (≤ 2) separately, those at or after the 5th-latest one's timestamp.
     */
    static List<Rating> profileSources(List<Rating> chronological) {
        List<Rating> sources = new ArrayList<>();
        sources.addAll(latest(chronological.stream().filter(r -> r.value() >= 4).toList()));
        sources.addAll(latest(chronological.stream().filter(r -> r.value() <= 2).toList()));
        return sources;
    }

    private static List<Rating> latest(List<Rating> chronological) {
        if (chronological.size() <= PROFILE_SOURCES_PER_POLARITY) {
            return chronological;
        }
        long cutoff = chronological.get(chronological.size() - PROFILE_SOURCES_PER_POLARITY).timestamp();
        return chronological.stream().filter(r -> r.timestamp() >= cutoff).toList();
    }
}
