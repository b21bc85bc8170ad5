package org.recllm.serve.bundle;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.recllm.ctr.features.KnowledgeInput;
import org.recllm.ctr.features.KnowledgeVersions;

/**
 * One knowledge input of a bundled model without its vectors (frozen tables in the weights file): which field's ids
 * select its rows, which sequence fields read it per step, its shape, for discrete codes the codebook size (absent,
 * so 0, in bundles written before codes existed), and for knowledge that changes over time its versions (a server
 * reads each id's newest).
 */
public record KnowledgeShape(String name, String field, @JsonProperty("sequence_fields") List<String> sequenceFields,
                             int rows, int dim, @JsonInclude(JsonInclude.Include.NON_DEFAULT) int codebook,
                             @JsonInclude(JsonInclude.Include.NON_NULL) KnowledgeVersions versions) {

    public KnowledgeShape {
        sequenceFields = List.copyOf(sequenceFields);
    }

    static KnowledgeShape of(KnowledgeInput input) {
        return new KnowledgeShape(input.name(), input.field(), input.sequenceFields(), input.rows(), input.dim(),
                input.codebook(), input.versions());
    }

    KnowledgeInput withVectors(float[] vectors) {
        return new KnowledgeInput(name, field, sequenceFields, vectors, rows, dim, codebook, versions);
    }
}
