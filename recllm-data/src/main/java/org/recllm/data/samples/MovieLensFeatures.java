package org.recllm.data.samples;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.recllm.data.dataset.Item;
import org.recllm.data.dataset.RatingDataset;
import org.recllm.data.dataset.User;
import org.recllm.data.schema.FieldRole;

/**
 * The fields of {@code shared/BENCHMARK.md} for MovieLens datasets: user id, gender, age bucket, occupation, first
 * zip digit (demographics only where the dataset has them), item id, 5-year release bucket, genres (multi-hot), and a
 * history of (item id, first genre, label).
 */
public final class MovieLensFeatures {
    public static final String USER_ID = "user_id";
    public static final String ITEM_ID = "item_id";
    public static final String GENRES = "genres";
    public static final String HISTORY = "history";
    public static final int DEFAULT_HISTORY_LENGTH = 20;
    public static final String UNKNOWN = "unknown";

    private MovieLensFeatures() {}

    public static FeatureSet of(RatingDataset dataset, int historyLength) {
        return of(dataset.hasDemographics(), historyLength);
    }

    /** The features of a MovieLens dataset with or without demographics (also what a server replays on raw values). */
    public static FeatureSet of(boolean demographics, int historyLength) {
        List<Feature> features = new ArrayList<>();
        features.add(new Feature.Categorical(USER_ID, USER_ID, FieldRole.USER_ID, c -> Integer.toString(c.user().id())));
        if (demographics) {
            features.add(new Feature.Categorical("gender", "gender", FieldRole.USER_ATTRIBUTE, c -> c.user().gender()));
            features.add(new Feature.Categorical("age", "age", FieldRole.USER_ATTRIBUTE, c -> ageBucket(c.user())));
            features.add(new Feature.Categorical("occupation", "occupation", FieldRole.USER_ATTRIBUTE, c -> c.user().occupation()));
            features.add(new Feature.Categorical("zip", "zip", FieldRole.USER_ATTRIBUTE, c -> zipDigit(c.user().zipCode())));
        }
        features.add(new Feature.Categorical(ITEM_ID, ITEM_ID, FieldRole.ITEM_ID, c -> Integer.toString(c.item().id())));
        features.add(new Feature.Categorical("year", "year", FieldRole.ITEM_ATTRIBUTE, c -> yearBucket(c.item().year())));
        features.add(new Feature.MultiHot(GENRES, GENRES, FieldRole.ITEM_ATTRIBUTE, c -> c.item().genres()));
        Optional<HistorySpec> history = historyLength == 0 ? Optional.empty() : Optional.of(new HistorySpec(HISTORY,
                historyLength, List.of(
                        new HistorySpec.Element("hist_item", ITEM_ID, ITEM_ID, c -> Integer.toString(c.item().id())),
                        new HistorySpec.Element("hist_genre", GENRES, GENRES, c -> firstGenre(c.item())),
                        new HistorySpec.Element("hist_label", FeatureSet.LABEL_VOCABULARY, null,
                                c -> Integer.toString(c.rating().label())))));
        return new FeatureSet(features, history);
    }

    /** The benchmark's age group, or {@value #UNKNOWN}. */
    static String ageBucket(User user) {
        String group = user.ageGroup();
        return group == null ? UNKNOWN : group;
    }

    /** The first character of the zip code when it is a digit, else {@code other}. */
    static String zipDigit(String zip) {
        if (zip == null || zip.isEmpty() || zip.charAt(0) < '0' || zip.charAt(0) > '9') {
            return "other";
        }
        return zip.substring(0, 1);
    }

    /** 5-year bins labelled by their first year (1995 → "1995"), {@code unknown} when missing. */
    static String yearBucket(Integer year) {
        return year == null ? UNKNOWN : Integer.toString(Math.floorDiv(year, 5) * 5);
    }

    private static String firstGenre(Item item) {
        String genre = item.firstGenre();
        return genre == null ? UNKNOWN : genre;
    }
}
