package org.recllm.ctr.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.recllm.data.dataset.Item;
import org.recllm.data.dataset.Rating;
import org.recllm.data.dataset.RatingDataset;
import org.recllm.data.dataset.User;
import org.recllm.data.protocol.TemporalProtocol;
import java.util.function.UnaryOperator;
import org.recllm.data.samples.Feature;
import org.recllm.data.samples.FeatureSet;
import org.recllm.data.samples.HistorySpec;
import org.recllm.data.samples.MovieLensFeatures;
import org.recllm.data.samples.SampleEncoder;
import org.recllm.data.store.SampleStore;
import org.recllm.data.store.SampleStoreWriter;

/**
 * A small MovieLens-shaped dataset with a learnable rule, written as a sample store by the real pipeline (temporal
 * protocol, histories of 5) so model tests exercise every field kind. A user likes an item with probability
 * σ(quality_i + generosity_u + 2.5·[item has the user's favourite genre] − 1): main effects that a linear model can
 * learn, and an interaction that only models with crossed features capture.
 */
public final class SyntheticStores {
    private static final List<String> GENRES = List.of("Action", "Comedy", "Drama", "Horror");

    private SyntheticStores() {}

    public static SampleStore movieLens(Path dir, int users, int items, int ratingsPerUser, long seed) {
        return movieLens(dir, users, items, ratingsPerUser, seed, UnaryOperator.identity());
    }

    /**
     * The same store with every field and vocabulary renamed by {@code rename} (the label vocabulary excepted), for
     * tests that nothing depends on MovieLens's column names: roles carry the meaning.
     */
    public static SampleStore movieLens(Path dir, int users, int items, int ratingsPerUser, long seed,
                                        UnaryOperator<String> rename) {
        SplittableRandom random = new SplittableRandom(seed);
        Map<Integer, User> userMap = new HashMap<>();
        Map<Integer, Item> itemMap = new HashMap<>();
        for (int i = 1; i <= items; i++) {
            List<String> genres = new ArrayList<>(List.of(GENRES.get(i % GENRES.size())));
            if (i % 3 == 0) {
                genres.add(GENRES.get((i + 1) % GENRES.size()));
            }
            itemMap.put(i, new Item(i, "Item " + i, 1980 + i % 30, genres));
        }
        List<Rating> ratings = new ArrayList<>();
        for (int u = 1; u <= users; u++) {
            userMap.put(u, new User(u, u % 2 == 0 ? "M" : "F", 18 + u % 50, "occupation" + u % 5, String.valueOf(10000 + u)));
            String favourite = GENRES.get(u % GENRES.size());
            double generosity = u % 3 == 0 ? 0.8 : -0.4;
            for (int r = 0; r < ratingsPerUser; r++) {
                int item = 1 + random.nextInt(items);
                double quality = (item % 5 - 2) * 0.6;
                double match = itemMap.get(item).genres().contains(favourite) ? 2.5 : 0;
                double like = 1 / (1 + Math.exp(-(quality + generosity + match - 1)));
                int stars = random.nextDouble() < like ? 4 + random.nextInt(2) : 1 + random.nextInt(3);
                ratings.add(new Rating(u, item, stars, 1_000_000L + r * 1000L + u));
            }
        }
        RatingDataset dataset = new RatingDataset("synthetic", dir, userMap, itemMap, ratings, Optional.empty(), List.of(), Map.of());
        var plan = new TemporalProtocol().split(dataset);
        SampleStoreWriter.write(dir, new SampleEncoder(dataset, renamed(MovieLensFeatures.of(dataset, 5), rename)).encode(plan));
        return SampleStore.open(dir);
    }

    private static FeatureSet renamed(FeatureSet features, UnaryOperator<String> rename) {
        UnaryOperator<String> vocabulary = name -> name.equals(FeatureSet.LABEL_VOCABULARY) ? name : rename.apply(name);
        List<Feature> renamed = features.features().stream().map(feature -> (Feature) switch (feature) {
            case Feature.Categorical c -> new Feature.Categorical(rename.apply(c.name()), vocabulary.apply(c.vocabulary()),
                    c.role(), c.value());
            case Feature.MultiHot m -> new Feature.MultiHot(rename.apply(m.name()), vocabulary.apply(m.vocabulary()),
                    m.role(), m.values());
            case Feature.Numeric n -> new Feature.Numeric(rename.apply(n.name()), n.role(), n.value());
        }).toList();
        Optional<HistorySpec> history = features.history().map(h -> new HistorySpec(rename.apply(h.group()), h.length(),
                h.elements().stream().map(e -> new HistorySpec.Element(rename.apply(e.name()), vocabulary.apply(e.vocabulary()),
                        e.alignedWith() == null ? null : rename.apply(e.alignedWith()), e.value())).toList()));
        return new FeatureSet(renamed, history);
    }
}
