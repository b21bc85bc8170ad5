package org.recllm.serve.scoring;

import org.recllm.serve.BadRequestException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.recllm.data.schema.FieldKind;
import org.recllm.data.schema.FieldSpec;

/** Raw values that are already vocabulary values (stores whose features RecLLM cannot replay): a scalar, or a list for multi-hot fields. */
final class VocabularyValues implements RawValues {

    @Override
    public List<String> values(FieldSpec field, JsonNode raw, String path) {
        JsonNode node = raw.get(field.name());
        String fieldPath = path + "." + field.name();
        if (field.kind() == FieldKind.MULTI_HOT) {
            if (!node.isArray()) {
                throw new BadRequestException(fieldPath, "expected a list of values");
            }
            List<String> values = new ArrayList<>(node.size());
            for (int i = 0; i < node.size(); i++) {
                values.add(RawValues.text(node.get(i), fieldPath + "[" + i + "]"));
            }
            return values;
        }
        return List.of(RawValues.text(node, fieldPath));
    }
}
