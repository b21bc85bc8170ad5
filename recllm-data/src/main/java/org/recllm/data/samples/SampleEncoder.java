package org.recllm.data.samples;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.recllm.core.io.BadInputException;
import org.recllm.data.dataset.Rating;
import org.recllm.data.dataset.RatingDataset;
import org.recllm.data.protocol.Split;
import org.recllm.data.protocol.SplitPlan;
import org.recllm.data.protocol.UserHistories;
import org.recllm.data.schema.FieldSpec;
import org.recllm.data.schema.Schema;
import org.recllm.data.schema.Vocabulary;
import org.recllm.data.store.SampleSet;
import org.recllm.data.store.SplitColumns;
import org.recllm.data.store.StoreInfo;

/**
 * Turns a protocol's split into columns of vocabulary ids: vocabularies from the training split only, every other
 * split encoded with them (unseen values become the OOV id), histories left-padded to the sequence length.
 */
public final class SampleEncoder {
    private final RatingDataset dataset;
    private final FeatureSet features;

    public SampleEncoder(RatingDataset dataset, FeatureSet features) {
        this.dataset = dataset;
        this.features = features;
    }

    public SampleSet encode(SplitPlan plan) {
        if (plan.train().isEmpty()) {
            // Vocabularies come from training rows only; without any there is nothing to encode a sample with.
            throw new BadInputException(dataset.directory(), "protocol " + plan.protocol()
                    + " leaves no training ratings; expected a dataset with ratings before its test period");
        }
        Map<String, Vocabulary.Builder> builders = vocabularyBuilders();
        for (Rating rating : plan.train()) {
            countVocabularyValues(rating, builders);
        }
        Map<String, Vocabulary> vocabularies = vocabularies(builders);
        Map<String, Integer> multiHotWidths = new LinkedHashMap<>();
        for (Split split : Split.values()) {
            for (Rating rating : plan.samples(split)) {
                widenMultiHot(rating, multiHotWidths);
            }
        }
        RowLayout layout = new RowLayout(schema(multiHotWidths));
        UserHistories histories = UserHistories.of(plan.historyPool());
        int historyLength = historyLength();
        Map<Split, SplitColumns> splits = new EnumMap<>(Split.class);
        EncodedRow row = layout.newRow();
        for (Split split : Split.values()) {
            List<Rating> ratings = plan.samples(split);
            SplitBuilder builder = new SplitBuilder(layout, ratings.size());
            for (Rating rating : ratings) {
                encode(rating, histories.before(rating.userId(), rating.timestamp(), historyLength), vocabularies, row);
                builder.add(row);
            }
            splits.put(split, builder.build());
        }
        return new SampleSet(info(plan.protocol()), layout.schema(), vocabularies, splits);
    }

    /** What the store says about where its samples came from. */
    public StoreInfo info(String protocol) {
        return new StoreInfo(dataset.name(), protocol, dataset.directory().toAbsolutePath().toString(), historyLength(),
                Instant.now().toString());
    }

    /** The history length of the features (0 without a behaviour sequence). */
    public int historyLength() {
        return features.history().map(HistorySpec::length).orElse(0);
    }

    /** An empty builder for each vocabulary, in field order (the label's last): the order the store lists them in. */
    public Map<String, Vocabulary.Builder> vocabularyBuilders() {
        Map<String, Vocabulary.Builder> builders = new LinkedHashMap<>();
        for (Feature feature : features.features()) {
            String vocabulary = FeatureSet.vocabularyOf(feature);
            if (vocabulary != null) {
                builder(builders, vocabulary);
            }
        }
        if (features.history().isPresent()) {
            builder(builders, FeatureSet.LABEL_VOCABULARY);
        }
        return builders;
    }

    /** Counts the values one training rating contributes to the vocabularies (builders from {@link #vocabularyBuilders}). */
    public void countVocabularyValues(Rating rating, Map<String, Vocabulary.Builder> builders) {
        RowContext context = context(rating);
        for (Feature feature : features.features()) {
            switch (feature) {
                case Feature.Categorical c -> builder(builders, c.vocabulary()).add(c.value().apply(context));
                case Feature.MultiHot m -> m.values().apply(context).forEach(builder(builders, m.vocabulary())::add);
                case Feature.Numeric n -> { }
            }
        }
        if (features.history().isPresent()) {
            builder(builders, FeatureSet.LABEL_VOCABULARY).add(Integer.toString(rating.label()));
        }
    }

    /** The vocabularies of the counted values, in the builders' order. */
    public static Map<String, Vocabulary> vocabularies(Map<String, Vocabulary.Builder> builders) {
        Map<String, Vocabulary> vocabularies = new LinkedHashMap<>();
        builders.forEach((name, builder) -> vocabularies.put(name, builder.build()));
        return vocabularies;
    }

    private static Vocabulary.Builder builder(Map<String, Vocabulary.Builder> builders, String name) {
        return builders.computeIfAbsent(name, Vocabulary.Builder::new);
    }

    /**
     * Widens each multi-hot field's width to the rating's value count: over the rows of every split this gives the
     * widest list, a shape learnt from no label (at least 1).
     */
    public void widenMultiHot(Rating rating, Map<String, Integer> widths) {
        for (Feature feature : features.features()) {
            if (feature instanceof Feature.MultiHot m) {
                widths.merge(m.name(), Math.max(1, m.values().apply(context(rating)).size()), Math::max);
            }
        }
    }

    /** The store's fields, with each multi-hot field as wide as {@code multiHotWidths} says (1 when it says nothing). */
    public Schema schema(Map<String, Integer> multiHotWidths) {
        List<FieldSpec> fields = new ArrayList<>();
        for (Feature feature : features.features()) {
            fields.add(switch (feature) {
                case Feature.Categorical c -> FieldSpec.categorical(c.name(), c.vocabulary(), c.role());
                case Feature.MultiHot m -> FieldSpec.multiHot(m.name(), m.vocabulary(),
                        multiHotWidths.getOrDefault(m.name(), 1), m.role());
                case Feature.Numeric n -> FieldSpec.numeric(n.name(), n.role());
            });
        }
        features.history().ifPresent(h -> h.elements().forEach(
                e -> fields.add(FieldSpec.sequence(e.name(), e.vocabulary(), h.length(), h.group(), e.alignedWith()))));
        return new Schema(fields);
    }

    /**
     * Encodes one sample into {@code row}: its fields' ids and numbers, and its history (the user's ratings before it,
     * oldest first, at most the history length) left-padded.
     */
    public void encode(Rating rating, List<Rating> history, Map<String, Vocabulary> vocabularies, EncodedRow row) {
        RowLayout layout = row.layout();
        int[] ids = row.ids();
        row.start(rating, history.size());
        RowContext context = context(rating);
        for (Feature feature : features.features()) {
            switch (feature) {
                case Feature.Categorical c ->
                        ids[layout.offset(c.name())] = vocabularies.get(c.vocabulary()).id(c.value().apply(context));
                case Feature.MultiHot m -> {
                    Vocabulary vocabulary = vocabularies.get(m.vocabulary());
                    int offset = layout.offset(m.name());
                    List<String> list = m.values().apply(context);
                    for (int j = 0; j < list.size(); j++) {
                        ids[offset + j] = vocabulary.id(list.get(j));
                    }
                }
                case Feature.Numeric n -> row.numbers()[layout.offset(n.name())] = n.value().apply(context);
            }
        }
        if (features.history().isPresent()) {
            HistorySpec spec = features.history().get();
            int pad = spec.length() - history.size();
            for (int step = 0; step < history.size(); step++) {
                RowContext past = context(history.get(step));
                for (HistorySpec.Element element : spec.elements()) {
                    ids[layout.offset(element.name()) + pad + step] =
                            vocabularies.get(element.vocabulary()).id(element.value().apply(past));
                }
            }
        }
    }

    private RowContext context(Rating rating) {
        return new RowContext(rating, dataset.user(rating.userId()), dataset.item(rating.itemId()));
    }
}
