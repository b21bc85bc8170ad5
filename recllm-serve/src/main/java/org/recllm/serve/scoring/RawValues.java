package org.recllm.serve.scoring;

import org.recllm.serve.BadRequestException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Objects;
import org.recllm.data.samples.FeatureSet;
import org.recllm.data.samples.MovieLensFeatures;
import org.recllm.data.schema.FieldKind;
import org.recllm.data.schema.FieldSpec;
import org.recllm.data.schema.Schema;
import org.recllm.serve.bundle.BundleManifest;

/**
 * How a request's raw attribute values (as the dataset's files write them: an age in years, a zip code, a release
 * year) become the vocabulary values training gave the same attributes (an age group, a zip digit, a 5-year bucket).
 */
public interface RawValues {

    /**
     * The vocabulary values of {@code field} for an entity whose raw attributes are {@code raw} (which holds
     * {@code field}); {@code path} names the entity in errors, e.g. {@code user} or {@code candidates[2]}.
     */
    List<String> values(FieldSpec field, JsonNode raw, String path);

    /**
     * The features the bundle's samples were encoded with, replayed on raw values, when its schema is that of a
     * dataset RecLLM reads (MovieLens); otherwise raw values are taken as vocabulary values.
     */
    static RawValues of(BundleManifest manifest) {
        Schema schema = manifest.schema();
        boolean demographics = schema.fields().stream().anyMatch(f -> f.name().equals("gender"));
        FeatureSet features = MovieLensFeatures.of(demographics, manifest.historyLength());
        boolean replayable = features.features().size() == schema.fields().size() - schema.ofKind(FieldKind.SEQUENCE).size()
                && features.features().stream().allMatch(feature -> schema.fields().stream().anyMatch(
                        f -> f.name().equals(feature.name()) && f.role() == feature.role()));
        return replayable ? new ReplayedFeatures(features) : new VocabularyValues();
    }

    /** The text of a scalar, or an error naming the field. */
    static String text(JsonNode node, String path) {
        Objects.requireNonNull(node);
        if (node.isTextual() || node.isNumber() || node.isBoolean()) {
            return node.asText();
        }
        throw new BadRequestException(path, "expected a string or a number, got " + node);
    }
}
