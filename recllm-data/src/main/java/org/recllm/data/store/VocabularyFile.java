package org.recllm.data.store;

import java.util.List;
import org.recllm.data.schema.Vocabulary;

/** A vocabulary as stored: its known values in id order (id 2 first) and their training counts. */
record VocabularyFile(String name, List<String> values, long[] counts) {

    static VocabularyFile of(Vocabulary vocabulary) {
        return new VocabularyFile(vocabulary.name(), vocabulary.values(), vocabulary.counts());
    }

    Vocabulary toVocabulary() {
        return new Vocabulary(name, values, counts);
    }
}
