package org.recllm.llm.lora;

import org.recllm.llm.model.RowConditioning;

/**
 * The expert weights of every row of a pass for one model's RecLoRA bank: the transformer assigns each sequence's
 * condition to its rows, the router runs once per sequence, and every adapted matrix scales each row's reduced
 * input A·x expert by expert with them. Buffers grow on demand and are reused. One pass at a time: like the engine's
 * activation buffers, the routes belong to the pass in progress (the transformer runs one pass per model at a time).
 */
final class RowRoutes implements RowConditioning {
    private final BankRouter router;
    private final int expertRank;
    /** [rows × experts] of the current pass. */
    private float[] weights = new float[0];

    RowRoutes(BankRouter router, int expertRank) {
        this.router = router;
        this.expertRank = expertRank;
    }

    @Override
    public void assign(int firstRow, int count, float[] condition) {
        if (condition == null) {
            throw new IllegalArgumentException("this model carries a RecLoRA bank, which routes by each sequence's user "
                    + "representation: every sequence of a pass needs one (it runs through batched prefill, not decode)");
        }
        int experts = router.experts();
        int end = (firstRow + count) * experts;
        if (weights.length < end) {
            weights = java.util.Arrays.copyOf(weights, Math.max(end, 2 * weights.length));
        }
        router.route(condition, weights, firstRow * experts);
        for (int row = firstRow + 1; row < firstRow + count; row++) {
            System.arraycopy(weights, firstRow * experts, weights, row * experts, experts);
        }
    }

    /** Scales each of {@code count} rows of {@code reduced} [count × experts·rank] by its row's expert weights. */
    void gate(float[] reduced, int count) {
        int experts = router.experts();
        int width = experts * expertRank;
        for (int row = 0; row < count; row++) {
            for (int e = 0; e < experts; e++) {
                float w = weights[row * experts + e];
                int from = row * width + e * expertRank;
                for (int j = 0; j < expertRank; j++) {
                    reduced[from + j] *= w;
                }
            }
        }
    }
}
