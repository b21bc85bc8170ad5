package org.recllm.core.metrics;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Random metric inputs for property tests: scores drawn mostly from a handful of values so that ties (including
 * -0.0 against 0.0) are common, labels 0/1, and a few small group ids (negative ones too).
 */
record ScoredRows(float[] scores, float[] labels, int[] groups) {
    private static final float[] TIE_PRONE = {-0.0f, 0.0f, 0.25f, 0.5f, 1.0f, -1.0f, Float.NEGATIVE_INFINITY};

    static Arbitrary<ScoredRows> arbitrary() {
        Arbitrary<Float> score = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.of(boxed(TIE_PRONE))),
                Tuple.of(1, Arbitraries.floats().between(-3f, 3f)));
        Arbitrary<Row> row = Combinators.combine(score, Arbitraries.of(0f, 1f), Arbitraries.integers().between(-2, 3))
                .as(Row::new);
        return row.list().ofMinSize(0).ofMaxSize(80).map(ScoredRows::of);
    }

    private record Row(float score, float label, int group) {}

    private static ScoredRows of(List<Row> rows) {
        int n = rows.size();
        float[] scores = new float[n];
        float[] labels = new float[n];
        int[] groups = new int[n];
        for (int i = 0; i < n; i++) {
            scores[i] = rows.get(i).score();
            labels[i] = rows.get(i).label();
            groups[i] = rows.get(i).group();
        }
        return new ScoredRows(scores, labels, groups);
    }

    private static Float[] boxed(float[] values) {
        Float[] boxed = new Float[values.length];
        for (int i = 0; i < values.length; i++) {
            boxed[i] = values[i];
        }
        return boxed;
    }
}
