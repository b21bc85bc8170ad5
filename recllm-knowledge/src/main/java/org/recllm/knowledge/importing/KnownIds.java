package org.recllm.knowledge.importing;

import java.util.Set;
import java.util.stream.Collectors;
import org.recllm.data.dataset.RatingDataset;
import org.recllm.knowledge.store.EntityType;

/** The item and user ids of a dataset, to count imported texts about entities it does not have. */
public record KnownIds(Set<Long> items, Set<Long> users) {

    public KnownIds {
        items = Set.copyOf(items);
        users = Set.copyOf(users);
    }

    public static KnownIds of(RatingDataset dataset) {
        return new KnownIds(dataset.items().keySet().stream().map(Integer::longValue).collect(Collectors.toSet()),
                dataset.users().keySet().stream().map(Integer::longValue).collect(Collectors.toSet()));
    }

    public boolean knows(EntityType type, long id) {
        return (type == EntityType.ITEM ? items : users).contains(id);
    }
}
