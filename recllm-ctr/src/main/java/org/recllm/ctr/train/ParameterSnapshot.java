package org.recllm.ctr.train;

import java.util.ArrayList;
import java.util.List;
import org.recllm.core.nn.ParameterSet;
import org.recllm.core.tensor.EmbeddingTable;
import org.recllm.core.tensor.Tensor;

/** A copy of a model's weights and buffers (the best epoch so far), restorable in place without allocation. */
final class ParameterSnapshot {
    private final List<float[]> live = new ArrayList<>();
    private final List<float[]> saved = new ArrayList<>();

    ParameterSnapshot(ParameterSet parameters) {
        for (Tensor t : parameters.dense().values()) {
            add(t.data());
        }
        for (EmbeddingTable table : parameters.tables().values()) {
            add(table.weights());
        }
        for (Tensor t : parameters.buffers().values()) {
            add(t.data());
        }
    }

    private void add(float[] array) {
        live.add(array);
        saved.add(new float[array.length]);
    }

    void capture() {
        for (int i = 0; i < live.size(); i++) {
            System.arraycopy(live.get(i), 0, saved.get(i), 0, live.get(i).length);
        }
    }

    /** The saved copies by position, for a checkpoint to hold and refill. */
    java.util.Map<String, float[]> copies() {
        java.util.Map<String, float[]> copies = new java.util.LinkedHashMap<>();
        for (int i = 0; i < saved.size(); i++) {
            copies.put("best." + i, saved.get(i));
        }
        return copies;
    }

    void restore() {
        for (int i = 0; i < live.size(); i++) {
            System.arraycopy(saved.get(i), 0, live.get(i), 0, live.get(i).length);
        }
    }
}
