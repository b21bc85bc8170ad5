package org.recllm.data.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recllm.data.store.SampleStore;
import org.recllm.data.store.SampleStoreWriter;
import org.recllm.data.testing.SyntheticSamples;

/** The FuxiCTR dataset config written beside an export describes each field as FuxiCTR expects it. */
class FuxiCtrConfigTest {
    @TempDir
    Path tmp;

    @Test
    void describesEveryFieldKind() throws IOException {
        SampleStoreWriter.write(tmp.resolve("store"), SyntheticSamples.tiny());
        Path out = tmp.resolve("export");
        try (SampleStore store = SampleStore.open(tmp.resolve("store"))) {
            CsvExport.export(store, out);
        }
        List<String> yaml = Files.readAllLines(out.resolve("fuxictr_dataset_config.yaml"));
        assertEquals("recllm_tiny_hand_written:", yaml.get(1));
        assertTrue(yaml.contains("    data_root: " + tmp.toAbsolutePath()), String.join("\n", yaml));
        assertTrue(yaml.contains("    train_data: " + out.toAbsolutePath().resolve("train.csv")));
        assertTrue(yaml.contains("    test_data: " + out.toAbsolutePath().resolve("test.csv")));
        for (String line : List.of(
                "        - {name: [user_id, item_id], active: True, dtype: str, type: categorical}",
                "        - {name: price, active: True, dtype: float, type: numeric}",
                "        - {name: genres, active: True, dtype: str, type: sequence, splitter: ^, max_len: 3, padding: post}",
                "        - {name: hist_item, active: True, dtype: str, type: sequence, splitter: ^, max_len: 4, padding: pre, share_embedding: item_id}",
                "        - {name: hist_genre, active: True, dtype: str, type: sequence, splitter: ^, max_len: 4, padding: pre, share_embedding: genres}",
                "    label_col: {name: label, dtype: float}")) {
            assertTrue(yaml.contains(line), () -> "missing <" + line + "> in\n" + String.join("\n", yaml));
        }
    }
}
