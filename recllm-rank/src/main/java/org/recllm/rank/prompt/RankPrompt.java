package org.recllm.rank.prompt;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;
import org.recllm.data.samples.FeatureSet;
import org.recllm.data.schema.FieldKind;
import org.recllm.data.schema.FieldRole;
import org.recllm.data.schema.FieldSpec;
import org.recllm.data.schema.Schema;
import org.recllm.data.schema.Vocabulary;
import org.recllm.data.store.IntColumnView;
import org.recllm.data.store.SampleStore;
import org.recllm.data.store.SplitView;

/**
 * ReLLa's CTR prompt for one sample: the user's profile fields, K history items with whether the user liked them
 * (the latest K, or the K that semantic retrieval chose), the target item, and the question. The model's answer is
 * read from its next-token probabilities of "Yes" and "No".
 */
public final class RankPrompt {
    public static final String QUESTION = "Will the user like it? Answer Yes or No.";

    private final SampleStore store;
    private final SplitView split;
    private final LongFunction<String> itemName;
    private final FieldSpec item;
    private final IntColumnView historyItems;
    private final IntColumnView historyLabels;
    private final IntColumnView lengths;
    private final Vocabulary items;
    private final Vocabulary labels;

    /** @param itemName an item's name (title) by its id, or null to name it by its id */
    public RankPrompt(SampleStore store, SplitView split, FieldSpec itemHistory, LongFunction<String> itemName) {
        this.store = store;
        this.split = split;
        this.itemName = itemName;
        this.item = store.schema().requireIdField(FieldRole.ITEM_ID);
        this.items = store.vocabulary(item.vocabulary());
        this.historyItems = split.ints(itemHistory.name());
        this.lengths = split.ints(Schema.lengthColumn(itemHistory.group()));
        FieldSpec label = store.schema().sequence(itemHistory.group()).stream()
                .filter(f -> f.vocabulary().equals(FeatureSet.LABEL_VOCABULARY)).findFirst().orElse(null);
        this.historyLabels = label == null ? null : split.ints(label.name());
        this.labels = label == null ? null : store.vocabulary(label.vocabulary());
    }

    /** The latest {@code k} history positions of a row, oldest first. */
    public int[] latest(int row, int k) {
        int width = historyItems.width();
        int valid = Math.min(Math.min(lengths.get(row), width), k);
        int[] positions = new int[valid];
        for (int i = 0; i < valid; i++) {
            positions[i] = width - valid + i;
        }
        return positions;
    }

    /** The prompt of {@code row} with the history steps at {@code positions} (−1 entries are skipped). */
    public String render(int row, int[] positions) {
        StringBuilder text = new StringBuilder();
        String profile = profile(row);
        text.append(profile.isEmpty() ? "A user" : "A user (" + profile + ")");
        List<String> watched = new ArrayList<>();
        for (int position : positions) {
            if (position < 0) {
                continue;
            }
            String name = name(historyItems.get(row, position));
            String label = historyLabels == null ? null : labels.value(historyLabels.get(row, position));
            watched.add(name + (label == null ? "" : label.equals("1") ? " (liked)" : " (disliked)"));
        }
        text.append(watched.isEmpty() ? " has no earlier ratings." : " rated these movies, oldest first: "
                + String.join("; ", watched) + ".");
        text.append(" Candidate: ").append(name(split.ints(item.name()).get(row))).append(". ").append(QUESTION);
        return text.toString();
    }

    private String profile(int row) {
        List<String> parts = new ArrayList<>();
        for (FieldSpec field : store.schema().withRole(FieldRole.USER_ATTRIBUTE)) {
            if (field.kind() != FieldKind.CATEGORICAL) {
                continue;
            }
            String value = store.vocabulary(field.vocabulary()).value(split.ints(field.name()).get(row));
            if (value != null) {
                parts.add(field.name().replace('_', ' ') + " " + value);
            }
        }
        return String.join(", ", parts);
    }

    private String name(int id) {
        String value = items.value(id);
        if (value == null) {
            return "an unknown movie";
        }
        try {
            String name = itemName.apply(Long.parseLong(value));
            return name != null ? name : "movie " + value;
        } catch (NumberFormatException notAnId) {
            return value;
        }
    }
}
