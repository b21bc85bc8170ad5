package org.recllm.data.store;

import java.util.List;
import java.util.Objects;
import org.recllm.data.schema.Vocabulary;

/**
 * A vocabulary as stored (in a sample store, a model bundle): its known values in id order (id 2 first) and their
 * training counts.
 */
public record VocabularyFile(String name, List<String> values, long[] counts) {

    public VocabularyFile {
        if (name == null || values == null || counts == null || values.stream().anyMatch(Objects::isNull)) {
            throw new IllegalArgumentException("a vocabulary needs a name, its values and their counts");
        }
    }

    public static VocabularyFile of(Vocabulary vocabulary) {
        return new VocabularyFile(vocabulary.name(), vocabulary.values(), vocabulary.counts());
    }

    public Vocabulary toVocabulary() {
        return new Vocabulary(name, values, counts);
    }
}
