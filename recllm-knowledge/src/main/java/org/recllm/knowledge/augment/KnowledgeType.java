package org.recllm.knowledge.augment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.recllm.knowledge.store.EntityType;

/**
 * One kind of knowledge a model can be given about the items or the users of its samples: the encoded text about the
 * entity itself, the encoded text about its collaborative cluster (the newest clustering), or the residual k-means
 * codes of its knowledge vector (the newest code run), or the streamed versions of a user's knowledge (a sample reads
 * the newest version whose window ended before it). Its label names the model input, e.g. {@code user-cluster}.
 */
public enum KnowledgeType {
    ITEM(EntityType.ITEM, Form.TEXT, "item"),
    USER(EntityType.USER, Form.TEXT, "user"),
    ITEM_CLUSTER(EntityType.ITEM, Form.CLUSTER, "item-cluster"),
    USER_CLUSTER(EntityType.USER, Form.CLUSTER, "user-cluster"),
    ITEM_CODES(EntityType.ITEM, Form.CODES, "item-codes"),
    USER_CODES(EntityType.USER, Form.CODES, "user-codes"),
    USER_STREAM(EntityType.USER, Form.STREAM, "user-stream");

    /**
     * What the knowledge of an entity is made of; {@code STREAM}: the versions of {@code knowledge update}, each read
     * from its window's end on.
     */
    public enum Form { TEXT, CLUSTER, CODES, STREAM }

    private final EntityType entities;
    private final Form form;
    private final String label;

    KnowledgeType(EntityType entities, Form form, String label) {
        this.entities = entities;
        this.form = form;
        this.label = label;
    }

    /** Items or users: whose ids select this knowledge. */
    public EntityType entities() {
        return entities;
    }

    public Form form() {
        return form;
    }

    public String label() {
        return label;
    }

    /**
     * The types named by {@code labels}, in order without repeats: any type's label, or {@code cluster} for
     * item-cluster and user-cluster, or {@code codes} for item-codes and user-codes. Anything else is an
     * {@link IllegalArgumentException} naming what is accepted.
     */
    public static List<KnowledgeType> parse(List<String> labels) {
        Set<KnowledgeType> types = new LinkedHashSet<>();
        for (String label : labels) {
            switch (label) {
                case "cluster" -> types.addAll(List.of(ITEM_CLUSTER, USER_CLUSTER));
                case "codes" -> types.addAll(List.of(ITEM_CODES, USER_CODES));
                default -> types.add(Arrays.stream(values()).filter(t -> t.label.equals(label)).findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("expected cluster, codes or one of "
                                + String.join(", ", Arrays.stream(values()).map(KnowledgeType::label).toList())
                                + ", got '" + label + "'")));
            }
        }
        return new ArrayList<>(types);
    }
}
