package org.recllm.serve.load;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.recllm.data.schema.FieldRole;
import org.recllm.data.schema.Vocabulary;
import org.recllm.serve.bundle.ModelBundle;

/**
 * Realistic scoring requests for a bundle: a known user picked uniformly, and {@code candidates} distinct known
 * items, by raw id only (the server fills attributes and the user's last known history from its tables), as a
 * recommender's ranking stage sends them.
 */
public final class ScoreRequestBodies {
    private ScoreRequestBodies() {}

    public static List<byte[]> sample(ModelBundle bundle, int count, int candidates, long seed) {
        var schema = bundle.manifest().schema();
        String userField = schema.requireIdField(FieldRole.USER_ID).name();
        String itemField = schema.requireIdField(FieldRole.ITEM_ID).name();
        Vocabulary users = bundle.vocabulary(schema.requireIdField(FieldRole.USER_ID).vocabulary());
        Vocabulary items = bundle.vocabulary(schema.requireIdField(FieldRole.ITEM_ID).vocabulary());
        if (candidates > items.values().size()) {
            throw new IllegalArgumentException("the bundle knows " + items.values().size() + " items; "
                    + candidates + " distinct candidates were asked for");
        }
        SplittableRandom random = new SplittableRandom(seed);
        List<byte[]> bodies = new ArrayList<>(count);
        int[] order = new int[items.values().size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        for (int n = 0; n < count; n++) {
            StringBuilder body = new StringBuilder(64 + candidates * 24).append("{\"user\":{\"").append(userField)
                    .append("\":\"").append(users.values().get(random.nextInt(users.values().size())))
                    .append("\"},\"candidates\":[");
            for (int c = 0; c < candidates; c++) {
                int pick = c + random.nextInt(order.length - c);
                int swap = order[c];
                order[c] = order[pick];
                order[pick] = swap;
                body.append(c == 0 ? "" : ",").append("{\"").append(itemField).append("\":\"")
                        .append(items.values().get(order[c])).append("\"}");
            }
            bodies.add(body.append("]}").toString().getBytes(StandardCharsets.UTF_8));
        }
        return bodies;
    }
}
