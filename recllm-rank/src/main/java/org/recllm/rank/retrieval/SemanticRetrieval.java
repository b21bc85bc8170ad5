package org.recllm.rank.retrieval;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;
import org.recllm.core.io.BadInputException;
import org.recllm.data.protocol.Split;
import org.recllm.data.schema.FieldKind;
import org.recllm.data.schema.FieldRole;
import org.recllm.data.schema.FieldSpec;
import org.recllm.data.schema.Schema;
import org.recllm.data.schema.Vocabulary;
import org.recllm.data.store.SampleStore;
import org.recllm.data.store.SplitView;
import org.recllm.knowledge.encoder.SentenceEncoder;

/**
 * {@code rank retrieve} end to end: the item texts of a sample store's item vocabulary, their vectors (encoder + PCA),
 * and for every row of every split the k history steps most similar to the target item.
 */
public final class SemanticRetrieval {
    private SemanticRetrieval() {}

    /** The behaviour sequence field that holds item ids (aligned with the item-id field), or an error naming the store. */
    public static FieldSpec itemHistory(SampleStore store) {
        FieldSpec item = store.schema().requireIdField(FieldRole.ITEM_ID);
        return store.schema().fields().stream()
                .filter(f -> f.kind() == FieldKind.SEQUENCE && item.name().equals(f.alignedWith()))
                .findFirst()
                .orElseThrow(() -> new BadInputException(store.directory(), "has no behaviour sequence of "
                        + item.name() + " values to retrieve from (prepare it with --history N)"));
    }

    /** Per item vocabulary id, {@code text} of its entity id, or null (padding, OOV, no text). */
    public static List<String> itemTexts(SampleStore store, LongFunction<String> text) {
        FieldSpec item = store.schema().requireIdField(FieldRole.ITEM_ID);
        Vocabulary vocabulary = store.vocabulary(item.vocabulary());
        List<String> texts = new ArrayList<>(vocabulary.size());
        for (int id = 0; id < vocabulary.size(); id++) {
            String value = vocabulary.value(id);
            String found = null;
            if (value != null) {
                try {
                    found = text.apply(Long.parseLong(value));
                } catch (NumberFormatException notAnEntity) {
                    // a value that is no entity id has no text
                }
            }
            texts.add(found);
        }
        return texts;
    }

    /**
     * @param itemTextsSource how the texts were made, for the manifest
     */
    public static RetrievedHistory run(SampleStore store, String samples, List<String> itemTexts, String itemTextsSource,
                                       SentenceEncoder encoder, int dims, int k, long seed) {
        FieldSpec history = itemHistory(store);
        FieldSpec item = store.schema().requireIdField(FieldRole.ITEM_ID);
        ItemVectors vectors = ItemVectors.encode(itemTexts, encoder, dims, seed);
        BehaviourRetrieval retrieval = new BehaviourRetrieval(vectors, k);
        Map<Split, int[]> positions = new EnumMap<>(Split.class);
        Map<String, Integer> rows = new LinkedHashMap<>();
        for (Split split : Split.values()) {
            SplitView view = store.split(split);
            positions.put(split, retrieval.retrieve(view.ints(item.name()), view.ints(history.name()),
                    view.ints(Schema.lengthColumn(history.group()))));
            rows.put(split.name().toLowerCase(java.util.Locale.ROOT), view.rows());
        }
        return new RetrievedHistory(new RetrievedHistory.Manifest(samples, store.contentId(), history.group(), k,
                vectors.describe(), itemTextsSource, rows), positions);
    }
}
