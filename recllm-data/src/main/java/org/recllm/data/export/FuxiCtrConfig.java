package org.recllm.data.export;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.recllm.data.schema.FieldKind;
import org.recllm.data.schema.FieldSpec;
import org.recllm.data.schema.Schema;
import org.recllm.data.store.SampleStore;

/**
 * A FuxiCTR {@code dataset_config} entry for an export, so a reviewer can point FuxiCTR at the CSVs unchanged:
 * categorical fields as categorical, multi-hot fields as post-padded sequences, history fields as pre-padded
 * sequences sharing the embedding of the field that defines their vocabulary.
 */
final class FuxiCtrConfig {
    private FuxiCtrConfig() {}

    static String yaml(SampleStore store, Path outDir) {
        Schema schema = store.schema();
        String id = ("recllm_" + store.info().dataset() + "_" + store.info().protocol()).replaceAll("[^A-Za-z0-9_]", "_");
        StringBuilder yaml = new StringBuilder();
        yaml.append("# FuxiCTR dataset config for the RecLLM export in this folder (written by `recllm data export`).\n");
        yaml.append(id).append(":\n");
        yaml.append("    data_root: ").append(outDir.toAbsolutePath().getParent()).append('\n');
        yaml.append("    data_format: csv\n");
        for (String split : List.of("train", "valid", "test")) {
            yaml.append("    ").append(split).append("_data: ").append(outDir.toAbsolutePath().resolve(split + ".csv")).append('\n');
        }
        yaml.append("    min_categr_count: 1\n");
        yaml.append("    feature_cols:\n");
        List<String> categorical = schema.ofKind(FieldKind.CATEGORICAL).stream().map(FieldSpec::name).toList();
        if (!categorical.isEmpty()) {
            yaml.append("        - {name: [").append(String.join(", ", categorical))
                    .append("], active: True, dtype: str, type: categorical}\n");
        }
        for (FieldSpec field : schema.ofKind(FieldKind.NUMERIC)) {
            yaml.append("        - {name: ").append(field.name()).append(", active: True, dtype: float, type: numeric}\n");
        }
        for (FieldSpec field : schema.ofKind(FieldKind.MULTI_HOT)) {
            yaml.append("        - {name: ").append(field.name()).append(", active: True, dtype: str, type: sequence, splitter: ^, max_len: ")
                    .append(field.width()).append(", padding: post}\n");
        }
        for (FieldSpec field : schema.ofKind(FieldKind.SEQUENCE)) {
            String owner = schema.fields().stream()
                    .filter(f -> f.kind() != FieldKind.SEQUENCE && field.vocabulary().equals(f.vocabulary()))
                    .map(FieldSpec::name).findFirst().orElse(null);
            yaml.append("        - {name: ").append(field.name()).append(", active: True, dtype: str, type: sequence, splitter: ^, max_len: ")
                    .append(field.width()).append(", padding: pre")
                    .append(owner == null ? "" : ", share_embedding: " + owner).append("}\n");
        }
        yaml.append("    label_col: {name: label, dtype: float}\n");
        yaml.append("# fields: ").append(schema.fields().stream().map(FieldSpec::name).collect(Collectors.joining(", "))).append('\n');
        return yaml.toString();
    }
}
