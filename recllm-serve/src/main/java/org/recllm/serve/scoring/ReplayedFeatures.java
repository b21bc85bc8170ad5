package org.recllm.serve.scoring;

import org.recllm.serve.BadRequestException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.recllm.data.dataset.Item;
import org.recllm.data.dataset.User;
import org.recllm.data.samples.Feature;
import org.recllm.data.samples.FeatureSet;
import org.recllm.data.samples.RowContext;
import org.recllm.data.schema.FieldSpec;

/**
 * Raw MovieLens attributes run through the very feature functions that encoded the training samples. A request's
 * user object gives {@code gender}, {@code age} (years), {@code occupation}, {@code zip} (the zip code); a candidate
 * gives {@code year} (release year) and {@code genres} (a list); each is read only when its field is asked for.
 */
final class ReplayedFeatures implements RawValues {
    private final Map<String, Feature> features = new LinkedHashMap<>();

    ReplayedFeatures(FeatureSet features) {
        features.features().forEach(f -> this.features.put(f.name(), f));
    }

    @Override
    public List<String> values(FieldSpec field, JsonNode raw, String path) {
        Feature feature = features.get(field.name());
        if (feature == null) {
            return new VocabularyValues().values(field, raw, path);
        }
        RowContext context = new RowContext(null, user(raw, path), item(raw, path));
        return switch (feature) {
            case Feature.Categorical c -> List.of(c.value().apply(context));
            case Feature.MultiHot m -> m.values().apply(context);
            case Feature.Numeric n -> List.of(Float.toString(n.value().apply(context)));
        };
    }

    private static User user(JsonNode raw, String path) {
        return new User(0, text(raw, "gender", path), whole(raw, "age", path), text(raw, "occupation", path),
                text(raw, "zip", path));
    }

    private static Item item(JsonNode raw, String path) {
        List<String> genres = new ArrayList<>();
        JsonNode list = raw.get("genres");
        if (list != null && !list.isNull()) {
            if (!list.isArray()) {
                throw new BadRequestException(path + ".genres", "expected a list of genre names");
            }
            for (int i = 0; i < list.size(); i++) {
                genres.add(RawValues.text(list.get(i), path + ".genres[" + i + "]"));
            }
        }
        return new Item(0, text(raw, "title", path), whole(raw, "year", path), genres);
    }

    private static String text(JsonNode raw, String name, String path) {
        JsonNode node = raw.get(name);
        return node == null || node.isNull() ? null : RawValues.text(node, path + "." + name);
    }

    private static Integer whole(JsonNode raw, String name, String path) {
        JsonNode node = raw.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isIntegralNumber() || (node.isTextual() && node.asText().matches("-?\\d{1,9}"))) {
            return Integer.parseInt(node.asText());
        }
        throw new BadRequestException(path + "." + name, "expected a whole number, got " + node);
    }
}
