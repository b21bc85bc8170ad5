package org.recllm.knowledge.alignment;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.recllm.data.dataset.Item;
import org.recllm.data.dataset.RatingDataset;
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
 * A sample as text, CTRL's view of it for the language model, in segments: the user (attribute fields, plus the user's
 * knowledge text when given), the target item (title and genres from the dataset, else its attribute fields, plus its
 * knowledge text when given), and each of the latest history items with its label ("Liked: …", "Disliked: …").
 * Segments repeat across samples (every sample of a user has the same user segment), so a split is returned as its
 * distinct segment texts and, per row, the indices of its segments; a row's text is its segments joined.
 */
public final class SampleTemplate {
    /** A split's distinct segment texts; row r's segments are {@code rowSegments[rowOffsets[r] .. rowOffsets[r+1])}. */
    public record Segments(List<String> texts, int[] rowOffsets, int[] rowSegments) {
        public int rows() {
            return rowOffsets.length - 1;
        }

        /** The first {@code rows} rows, over only the segments they use. */
        public Segments head(int rows) {
            int count = Math.min(rows, rows());
            Map<Integer, Integer> renumbered = new HashMap<>();
            List<String> kept = new ArrayList<>();
            int[] segments = new int[rowOffsets[count]];
            for (int k = 0; k < segments.length; k++) {
                segments[k] = renumbered.computeIfAbsent(rowSegments[k], old -> {
                    kept.add(texts.get(old));
                    return kept.size() - 1;
                });
            }
            return new Segments(List.copyOf(kept), java.util.Arrays.copyOf(rowOffsets, count + 1), segments);
        }

        /** Row {@code row}'s whole text. */
        public String text(int row) {
            StringBuilder text = new StringBuilder();
            for (int s = rowOffsets[row]; s < rowOffsets[row + 1]; s++) {
                text.append(s == rowOffsets[row] ? "" : " ").append(texts.get(rowSegments[s]));
            }
            return text.toString();
        }
    }

    /**
     * @param dataset        the raw dataset for item titles (null: attribute fields only)
     * @param userKnowledge  knowledge text per user id (empty: none)
     * @param itemKnowledge  knowledge text per item id (empty: none)
     * @param historyItems   how many of the latest history items to name
     * @param knowledgeWords how many words of a knowledge text to keep
     */
    public record Settings(RatingDataset dataset, Map<Long, String> userKnowledge, Map<Long, String> itemKnowledge,
                           int historyItems, int knowledgeWords) {
        public Settings {
            userKnowledge = Map.copyOf(userKnowledge);
            itemKnowledge = Map.copyOf(itemKnowledge);
            if (historyItems < 0 || knowledgeWords < 0) {
                throw new IllegalArgumentException("history items and knowledge words must be ≥ 0");
            }
        }

        /** Identifies what the texts depend on besides the samples (for run keys). */
        public String describe() {
            return "template(history " + historyItems + (dataset == null ? ", no titles" : ", titles of " + dataset.name())
                    + (userKnowledge.isEmpty() && itemKnowledge.isEmpty() ? "" : ", knowledge " + userKnowledge.size()
                    + " users/" + itemKnowledge.size() + " items × " + knowledgeWords + " words") + ")";
        }
    }

    private final SampleStore store;
    private final Settings settings;
    private final Schema schema;

    public SampleTemplate(SampleStore store, Settings settings) {
        this.store = store;
        this.settings = settings;
        this.schema = store.schema();
    }

    public Settings settings() {
        return settings;
    }

    public Segments segments(SplitView split) {
        Map<String, Integer> index = new HashMap<>();
        List<String> texts = new ArrayList<>();
        int[] offsets = new int[split.rows() + 1];
        List<Integer> rowSegments = new ArrayList<>();
        FieldSpec itemField = schema.idField(FieldRole.ITEM_ID).orElse(null);
        FieldSpec userField = schema.idField(FieldRole.USER_ID).orElse(null);
        History history = History.of(store, split, itemField);
        List<String> segments = new ArrayList<>();
        for (int row = 0; row < split.rows(); row++) {
            segments.clear();
            segments.add(user(split, row, userField));
            segments.add(item(split, row, itemField));
            if (history != null) {
                history.segments(row, settings.historyItems(), this::name, segments);
            }
            for (String segment : segments) {
                if (!segment.isEmpty()) {
                    rowSegments.add(index.computeIfAbsent(segment, text -> {
                        texts.add(text);
                        return texts.size() - 1;
                    }));
                }
            }
            offsets[row + 1] = rowSegments.size();
        }
        return new Segments(List.copyOf(texts), offsets, rowSegments.stream().mapToInt(Integer::intValue).toArray());
    }

    private String user(SplitView split, int row, FieldSpec userField) {
        StringBuilder text = new StringBuilder();
        for (FieldSpec field : schema.withRole(FieldRole.USER_ATTRIBUTE)) {
            String value = values(split, row, field);
            if (!value.isEmpty()) {
                text.append(text.isEmpty() ? "User: " : ", ").append(field.name().replace('_', ' ')).append(' ').append(value);
            }
        }
        if (!text.isEmpty()) {
            text.append('.');
        }
        appendKnowledge(text, "Tastes: ", settings.userKnowledge(), entity(split, row, userField));
        return text.toString();
    }

    private String item(SplitView split, int row, FieldSpec itemField) {
        Long id = entity(split, row, itemField);
        StringBuilder text = new StringBuilder("Candidate: ");
        String title = id == null ? null : title(id);
        if (title != null) {
            text.append(title);
        } else {
            List<String> parts = new ArrayList<>();
            for (FieldSpec field : schema.withRole(FieldRole.ITEM_ATTRIBUTE)) {
                String value = values(split, row, field);
                if (!value.isEmpty()) {
                    parts.add(field.name().replace('_', ' ') + " " + value);
                }
            }
            text.append(parts.isEmpty() ? "item " + (id == null ? "unknown" : id) : String.join(", ", parts)).append('.');
        }
        appendKnowledge(text, " About it: ", settings.itemKnowledge(), id);
        return text.toString();
    }

    /** The dataset's one-line description of an item, or null without a dataset or when it lacks the item. */
    private String title(long itemId) {
        return item(itemId).map(Item::describe).orElse(null);
    }

    /** The item's title alone (history steps name items briefly), or null without it. */
    private String name(long itemId) {
        return item(itemId).map(Item::title).orElse(null);
    }

    private Optional<Item> item(long itemId) {
        return settings.dataset() == null ? Optional.empty() : settings.dataset().findItem(itemId);
    }

    private void appendKnowledge(StringBuilder text, String label, Map<Long, String> knowledge, Long id) {
        String answer = id == null ? null : knowledge.get(id);
        if (answer == null || settings.knowledgeWords() == 0) {
            return;
        }
        String[] words = answer.strip().split("\\s+");
        int keep = Math.min(words.length, settings.knowledgeWords());
        text.append(text.isEmpty() ? "" : " ").append(label.strip()).append(' ')
                .append(String.join(" ", java.util.Arrays.copyOf(words, keep))).append(keep < words.length ? " …" : "");
    }

    /** A categorical or multi-hot field's values of a row, joined; empty for padding, OOV and numbers. */
    private String values(SplitView split, int row, FieldSpec field) {
        if (field.kind() == FieldKind.NUMERIC || field.kind() == FieldKind.SEQUENCE) {
            return "";
        }
        Vocabulary vocabulary = store.vocabulary(field.vocabulary());
        IntColumnView column = split.ints(field.name());
        List<String> values = new ArrayList<>();
        for (int j = 0; j < column.width(); j++) {
            String value = vocabulary.value(column.get(row, j));
            if (value != null) {
                values.add(value);
            }
        }
        return String.join(", ", values);
    }

    private Long entity(SplitView split, int row, FieldSpec field) {
        if (field == null) {
            return null;
        }
        String value = store.vocabulary(field.vocabulary()).value(split.ints(field.name()).get(row));
        try {
            return value == null ? null : Long.parseLong(value);
        } catch (NumberFormatException notAnId) {
            return null;
        }
    }

    /** The behaviour sequence that holds item ids (and, when present, the label of each step). */
    private record History(IntColumnView items, IntColumnView labels, IntColumnView lengths, Vocabulary itemVocabulary,
                           Vocabulary labelVocabulary) {

        static History of(SampleStore store, SplitView split, FieldSpec itemField) {
            if (itemField == null) {
                return null;
            }
            for (String group : store.schema().sequenceGroups()) {
                FieldSpec items = null;
                FieldSpec labels = null;
                for (FieldSpec field : store.schema().sequence(group)) {
                    if (field.vocabulary().equals(itemField.vocabulary())) {
                        items = field;
                    } else if (field.vocabulary().equals(FeatureSet.LABEL_VOCABULARY)) {
                        labels = field;
                    }
                }
                if (items != null) {
                    return new History(split.ints(items.name()), labels == null ? null : split.ints(labels.name()),
                            split.ints(Schema.lengthColumn(group)), store.vocabulary(items.vocabulary()),
                            labels == null ? null : store.vocabulary(labels.vocabulary()));
                }
            }
            return null;
        }

        /** The latest {@code count} steps, oldest first (steps are stored right-aligned, the latest last). */
        void segments(int row, int count, java.util.function.LongFunction<String> title, List<String> out) {
            int width = items.width();
            int valid = Math.min(lengths.get(row), width);
            for (int j = width - Math.min(valid, count); j < width; j++) {
                String value = itemVocabulary.value(items.get(row, j));
                if (value == null) {
                    continue;
                }
                String label = labels == null ? null : labelVocabulary.value(labels.get(row, j));
                String verb = label == null ? "Watched" : label.equals("1") ? "Liked" : "Disliked";
                String name;
                try {
                    String described = title.apply(Long.parseLong(value));
                    name = described == null ? "item " + value : described;
                } catch (NumberFormatException notAnId) {
                    name = value;
                }
                out.add(verb + ": " + name);
            }
        }
    }
}
