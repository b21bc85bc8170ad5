package org.recllm.data.samples;

import java.util.List;
import java.util.Optional;

/**
 * The features of a dataset: row features and an optional behaviour sequence. Vocabularies come from the row
 * features of training samples, plus {@link #LABEL_VOCABULARY} from training labels for sequences that carry labels.
 */
public record FeatureSet(List<Feature> features, Optional<HistorySpec> history) {
    public static final String LABEL_VOCABULARY = "label";

    public FeatureSet {
        features = List.copyOf(features);
        List<String> vocabularies = features.stream().map(FeatureSet::vocabularyOf).filter(v -> v != null).toList();
        history.ifPresent(h -> h.elements().forEach(e -> {
            if (!e.vocabulary().equals(LABEL_VOCABULARY) && !vocabularies.contains(e.vocabulary())) {
                throw new IllegalArgumentException("history element " + e.name() + " uses vocabulary " + e.vocabulary()
                        + ", which no row feature defines; expected one of " + vocabularies + " or " + LABEL_VOCABULARY);
            }
        }));
    }

    static String vocabularyOf(Feature feature) {
        return switch (feature) {
            case Feature.Categorical c -> c.vocabulary();
            case Feature.MultiHot m -> m.vocabulary();
            case Feature.Numeric n -> null;
        };
    }
}
