package org.recllm.serve.ui;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.recllm.data.dataset.Datasets;
import org.recllm.data.dataset.Item;
import org.recllm.data.dataset.RatingDataset;
import org.recllm.data.samples.FeatureSet;
import org.recllm.data.schema.FieldRole;
import org.recllm.data.schema.Vocabulary;
import org.recllm.knowledge.store.EntityType;
import org.recllm.knowledge.store.KnowledgeStore;
import org.recllm.knowledge.store.StoredEntry;
import org.recllm.serve.bundle.HistoryStep;
import org.recllm.serve.bundle.ModelBundle;
import org.recllm.serve.scoring.CandidateScorer;
import org.recllm.serve.scoring.ScoreRequest;

/**
 * What the explorer reads: one or more bundles (typically the same backbone without and with knowledge), the
 * dataset for titles, optionally the knowledge store for texts, and experiment reports. It ranks every known item
 * not in the user's history with each bundle, as the scoring server would.
 */
public final class ExplorerData {
    private final List<ModelBundle> bundles;
    private final List<CandidateScorer> scorers = new ArrayList<>();
    private final Map<Integer, Item> items;
    private final KnowledgeStore knowledge;
    private final List<JsonNode> reports;

    /** @param knowledge the store the knowledge texts come from, or null */
    public ExplorerData(List<ModelBundle> bundles, Path dataset, KnowledgeStore knowledge, List<JsonNode> reports) {
        if (bundles.isEmpty()) {
            throw new IllegalArgumentException("the explorer needs at least one bundle");
        }
        this.bundles = List.copyOf(bundles);
        RatingDataset data = Datasets.read(bundles.getFirst().manifest().dataset(), dataset);
        this.items = data.items();
        this.knowledge = knowledge;
        this.reports = List.copyOf(reports);
        for (ModelBundle bundle : bundles) {
            int known = bundle.vocabulary(bundle.manifest().schema().requireIdField(FieldRole.ITEM_ID).vocabulary()).values().size();
            scorers.add(new CandidateScorer(bundle, Math.max(1, known), 1));
        }
    }

    /** The users the first bundle knows, by raw id. */
    public List<String> users() {
        ModelBundle first = bundles.getFirst();
        return first.vocabulary(first.manifest().schema().requireIdField(FieldRole.USER_ID).vocabulary()).values();
    }

    public List<JsonNode> reports() {
        return reports;
    }

    /** The page of user {@code userId}: history, knowledge, each bundle's top {@code n}; null for an unknown user. */
    public UserView user(String userId, int n) throws InterruptedException {
        ModelBundle first = bundles.getFirst();
        var schema = first.manifest().schema();
        Vocabulary users = first.vocabulary(schema.requireIdField(FieldRole.USER_ID).vocabulary());
        int user = users.id(userId);
        if (user < Vocabulary.FIRST_ID) {
            return null;
        }
        List<UserView.Event> history = history(first, user);
        Set<String> seen = new HashSet<>();
        history.forEach(event -> seen.add(event.itemId()));
        List<UserView.Ranking> rankings = new ArrayList<>();
        for (int b = 0; b < bundles.size(); b++) {
            rankings.add(rank(bundles.get(b), scorers.get(b), userId, seen, n));
        }
        return new UserView(userId, text(EntityType.USER, userId), history, rankings);
    }

    private List<UserView.Event> history(ModelBundle bundle, int user) {
        var schema = bundle.manifest().schema();
        String itemField = schema.requireIdField(FieldRole.ITEM_ID).name();
        Vocabulary itemIds = bundle.vocabulary(schema.requireIdField(FieldRole.ITEM_ID).vocabulary());
        HistoryStep itemStep = null;
        HistoryStep labelStep = null;
        for (HistoryStep step : HistoryStep.of(schema)) {
            if (itemField.equals(step.alignedWith())) {
                itemStep = step;
            } else if (step.label()) {
                labelStep = step;
            }
        }
        List<UserView.Event> events = new ArrayList<>();
        if (itemStep == null) {
            return events;
        }
        int length = itemStep.length();
        int count = bundle.tables().historyLengths().get(itemStep.group())[user];
        int[] ids = bundle.tables().histories().get(itemStep.field());
        int[] labels = labelStep == null ? null : bundle.tables().histories().get(labelStep.field());
        Vocabulary labelValues = labelStep == null ? null : bundle.vocabulary(FeatureSet.LABEL_VOCABULARY);
        for (int k = length - count; k < length; k++) {
            String itemId = itemIds.value(ids[user * length + k]);
            String label = labels == null ? null : labelValues.value(labels[user * length + k]);
            events.add(new UserView.Event(itemId, title(itemId), label == null ? null : Integer.valueOf(label)));
        }
        return events;
    }

    private UserView.Ranking rank(ModelBundle bundle, CandidateScorer scorer, String userId, Set<String> seen, int n)
            throws InterruptedException {
        var schema = bundle.manifest().schema();
        List<String> candidates = new ArrayList<>();
        for (String item : bundle.vocabulary(schema.requireIdField(FieldRole.ITEM_ID).vocabulary()).values()) {
            if (!seen.contains(item)) {
                candidates.add(item);
            }
        }
        var userNode = org.recllm.core.io.AtomicFiles.JSON.createObjectNode()
                .put(schema.requireIdField(FieldRole.USER_ID).name(), userId);
        float[] scores = scorer.score(new ScoreRequest(userId, userNode, null,
                candidates.stream().map(c -> new ScoreRequest.Candidate(c, null)).toList(), null));
        Integer[] order = new Integer[scores.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, Comparator.comparingDouble(i -> -scores[i]));
        List<UserView.Recommendation> top = new ArrayList<>();
        for (int i = 0; i < Math.min(n, order.length); i++) {
            String item = candidates.get(order[i]);
            top.add(new UserView.Recommendation(item, title(item), scores[order[i]], text(EntityType.ITEM, item)));
        }
        return new UserView.Ranking(bundle.manifest().model(), bundle.version(), !bundle.manifest().knowledge().isEmpty(), top);
    }

    private String title(String itemId) {
        try {
            Item item = items.get(Integer.parseInt(itemId));
            return item == null ? itemId : item.title();
        } catch (NumberFormatException e) {
            return itemId;
        }
    }

    /** The newest knowledge text about an entity, or null (no store, or none about it). */
    private String text(EntityType type, String id) {
        if (knowledge == null) {
            return null;
        }
        try {
            List<StoredEntry> entries = knowledge.entriesAbout(type, Long.parseLong(id));
            return entries.isEmpty() ? null : entries.getLast().entry().answer();
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The bundles' model versions by position, for the page's header. */
    public Map<String, Boolean> models() {
        Map<String, Boolean> models = new LinkedHashMap<>();
        bundles.forEach(b -> models.put(b.version(), !b.manifest().knowledge().isEmpty()));
        return models;
    }
}
