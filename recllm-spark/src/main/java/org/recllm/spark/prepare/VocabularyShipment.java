package org.recllm.spark.prepare;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.recllm.data.schema.Vocabulary;

/** Vocabularies as executors receive them (broadcast): each one's known values and training counts, in store order. */
record VocabularyShipment(Map<String, List<String>> values, Map<String, long[]> counts) implements Serializable {

    static VocabularyShipment of(Map<String, Vocabulary> vocabularies) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        Map<String, long[]> counts = new LinkedHashMap<>();
        vocabularies.forEach((name, vocabulary) -> {
            values.put(name, List.copyOf(vocabulary.values()));
            counts.put(name, vocabulary.counts());
        });
        return new VocabularyShipment(values, counts);
    }

    Map<String, Vocabulary> vocabularies() {
        Map<String, Vocabulary> vocabularies = new LinkedHashMap<>();
        values.forEach((name, known) -> vocabularies.put(name, new Vocabulary(name, known, counts.get(name))));
        return vocabularies;
    }
}
