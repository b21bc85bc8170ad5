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
import org.recllm.data.store.Column;
import org.recllm.data.store.Columns;
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
        Map<String, Vocabulary> vocabularies = buildVocabularies(plan.train());
        Map<String, Integer> multiHotWidths = multiHotWidths(plan);
        Schema schema = schema(multiHotWidths);
        UserHistories histories = UserHistories.of(plan.historyPool());
        Map<Split, SplitColumns> splits = new EnumMap<>(Split.class);
        for (Split split : Split.values()) {
            splits.put(split, encodeSplit(plan.samples(split), schema, vocabularies, histories));
        }
        int historyLength = features.history().map(HistorySpec::length).orElse(0);
        StoreInfo info = new StoreInfo(dataset.name(), plan.protocol(), dataset.directory().toAbsolutePath().toString(),
                historyLength, Instant.now().toString());
        return new SampleSet(info, schema, vocabularies, splits);
    }

    private Map<String, Vocabulary> buildVocabularies(List<Rating> train) {
        Map<String, Vocabulary.Builder> builders = new LinkedHashMap<>();
        for (Rating rating : train) {
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
        Map<String, Vocabulary> vocabularies = new LinkedHashMap<>();
        builders.forEach((name, builder) -> vocabularies.put(name, builder.build()));
        return vocabularies;
    }

    private static Vocabulary.Builder builder(Map<String, Vocabulary.Builder> builders, String name) {
        return builders.computeIfAbsent(name, Vocabulary.Builder::new);
    }

    /** The widest multi-hot value list of any row in any split: a shape, learnt from no label. */
    private Map<String, Integer> multiHotWidths(SplitPlan plan) {
        Map<String, Integer> widths = new LinkedHashMap<>();
        for (Feature feature : features.features()) {
            if (feature instanceof Feature.MultiHot m) {
                int width = 1;
                for (Split split : Split.values()) {
                    for (Rating rating : plan.samples(split)) {
                        width = Math.max(width, m.values().apply(context(rating)).size());
                    }
                }
                widths.put(m.name(), width);
            }
        }
        return widths;
    }

    private Schema schema(Map<String, Integer> multiHotWidths) {
        List<FieldSpec> fields = new ArrayList<>();
        for (Feature feature : features.features()) {
            fields.add(switch (feature) {
                case Feature.Categorical c -> FieldSpec.categorical(c.name(), c.vocabulary(), c.role());
                case Feature.MultiHot m -> FieldSpec.multiHot(m.name(), m.vocabulary(), multiHotWidths.get(m.name()), m.role());
                case Feature.Numeric n -> FieldSpec.numeric(n.name(), n.role());
            });
        }
        features.history().ifPresent(h -> h.elements().forEach(
                e -> fields.add(FieldSpec.sequence(e.name(), e.vocabulary(), h.length(), h.group(), e.alignedWith()))));
        return new Schema(fields);
    }

    private SplitColumns encodeSplit(List<Rating> ratings, Schema schema, Map<String, Vocabulary> vocabularies,
                                     UserHistories histories) {
        int rows = ratings.size();
        Map<String, int[]> ints = new LinkedHashMap<>();
        Map<String, float[]> floats = new LinkedHashMap<>();
        for (FieldSpec field : schema.fields()) {
            if (field.vocabulary() == null) {
                floats.put(field.name(), new float[rows]);
            } else {
                ints.put(field.name(), new int[rows * field.width()]);
            }
        }
        float[] labels = new float[rows];
        int[] users = new int[rows];
        int[] items = new int[rows];
        long[] timestamps = new long[rows];
        float[] values = new float[rows];
        int[] historyLengths = new int[rows];
        for (int row = 0; row < rows; row++) {
            Rating rating = ratings.get(row);
            RowContext context = context(rating);
            for (Feature feature : features.features()) {
                switch (feature) {
                    case Feature.Categorical c ->
                            ints.get(c.name())[row] = vocabularies.get(c.vocabulary()).id(c.value().apply(context));
                    case Feature.MultiHot m -> {
                        int width = schema.field(m.name()).width();
                        Vocabulary vocabulary = vocabularies.get(m.vocabulary());
                        int[] target = ints.get(m.name());
                        List<String> list = m.values().apply(context);
                        for (int j = 0; j < list.size(); j++) {
                            target[row * width + j] = vocabulary.id(list.get(j));
                        }
                    }
                    case Feature.Numeric n -> floats.get(n.name())[row] = n.value().apply(context);
                }
            }
            if (features.history().isPresent()) {
                HistorySpec spec = features.history().get();
                List<Rating> history = histories.before(rating.userId(), rating.timestamp(), spec.length());
                historyLengths[row] = history.size();
                int pad = spec.length() - history.size();
                for (int step = 0; step < history.size(); step++) {
                    RowContext past = context(history.get(step));
                    for (HistorySpec.Element element : spec.elements()) {
                        ints.get(element.name())[row * spec.length() + pad + step] =
                                vocabularies.get(element.vocabulary()).id(element.value().apply(past));
                    }
                }
            }
            labels[row] = rating.label();
            users[row] = rating.userId();
            items[row] = rating.itemId();
            timestamps[row] = rating.timestamp();
            values[row] = rating.value();
        }
        SplitColumns columns = new SplitColumns(rows);
        columns.put(Columns.LABEL, new Column.Floats(labels, 1));
        for (FieldSpec field : schema.fields()) {
            columns.put(field.name(), field.vocabulary() == null
                    ? new Column.Floats(floats.get(field.name()), 1)
                    : new Column.Ints(ints.get(field.name()), field.width()));
        }
        features.history().ifPresent(h -> columns.put(Schema.lengthColumn(h.group()), new Column.Ints(historyLengths, 1)));
        columns.put(Columns.USER, new Column.Ints(users, 1));
        columns.put(Columns.ITEM, new Column.Ints(items, 1));
        columns.put(Columns.TIMESTAMP, new Column.Longs(timestamps));
        columns.put(Columns.RATING, new Column.Floats(values, 1));
        return columns;
    }

    private RowContext context(Rating rating) {
        return new RowContext(rating, dataset.user(rating.userId()), dataset.item(rating.itemId()));
    }
}
