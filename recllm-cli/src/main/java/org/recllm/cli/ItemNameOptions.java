package org.recllm.cli;

import java.util.HashMap;
import java.util.Map;
import java.util.function.LongFunction;
import org.recllm.core.io.BadInputException;
import org.recllm.data.dataset.RatingDataset;
import org.recllm.knowledge.store.EntityType;
import org.recllm.knowledge.store.KnowledgeStore;
import org.recllm.knowledge.store.StoreLocation;
import org.recllm.knowledge.store.StoredCodes;
import picocli.CommandLine.Option;

/**
 * How ranking prompts name items: by title, by semantic ID (the residual k-means code tuple of the item's knowledge
 * vector, from a knowledge store's newest item code run), or both: shared by {@code rank zero-shot} and
 * {@code rank finetune}.
 */
final class ItemNameOptions {
    @Option(names = "--item-names", defaultValue = "title", paramLabel = "title|semantic-id|both",
            description = "Name items in prompts by title, by semantic ID (\"item 12-3-40-0\", from --codes), or both "
                    + "(\"Heat (1995) [12-3-40-0]\"). Default: ${DEFAULT-VALUE}.")
    String itemNames;

    @Option(names = "--codes", paramLabel = "K.db", description = "Knowledge store whose newest item codes (knowledge "
            + "codes --entities items) give the semantic IDs.")
    StoreLocation codes;

    /** An item's name in prompts by its id; null where it has none (the prompt then names it by id). */
    LongFunction<String> names(RatingDataset dataset) {
        LongFunction<String> title = RankInputs.titles(dataset);
        switch (itemNames) {
            case "title" -> {
                OptionInputs.require(codes == null, "--codes",
                        "semantic IDs are used only with --item-names semantic-id or both");
                return title;
            }
            case "semantic-id" -> {
                Map<Long, String> ids = semanticIds();
                return id -> ids.containsKey(id) ? "item " + ids.get(id) : null;
            }
            case "both" -> {
                Map<Long, String> ids = semanticIds();
                return id -> {
                    String name = title.apply(id);
                    String semantic = ids.get(id);
                    return name == null ? (semantic == null ? null : "item " + semantic)
                            : semantic == null ? name : name + " [" + semantic + "]";
                };
            }
            default -> throw new BadInputException("--item-names", 0, null,
                    "expected title, semantic-id or both, got '" + itemNames + "'");
        }
    }

    /** What the names depend on, for run keys. */
    String key() {
        return "item-names=" + itemNames + (codes == null ? "" : " codes=" + (codes.isFile() ? RankInputs.fileKey(codes.file()) : codes.toString()));
    }

    private Map<Long, String> semanticIds() {
        OptionInputs.require(codes != null && codes.exists(), "--codes", "--item-names " + itemNames
                + " needs a knowledge store with item codes; none at " + codes);
        try (KnowledgeStore store = codes.openExisting()) {
            StoredCodes latest = store.latestCodes(EntityType.ITEM).orElseThrow(() -> new BadInputException(
                    "--codes", 0, null, codes + " has no item codes; run knowledge codes --entities items first"));
            Map<Long, String> ids = new HashMap<>();
            for (int i = 0; i < latest.entityIds().length; i++) {
                ids.put(latest.entityIds()[i], latest.semanticId(i));
            }
            return ids;
        }
    }
}
