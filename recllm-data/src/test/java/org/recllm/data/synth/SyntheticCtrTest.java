package org.recllm.data.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.recllm.data.protocol.Split;
import org.recllm.data.schema.FieldKind;
import org.recllm.data.schema.Vocabulary;
import org.recllm.data.store.Column;
import org.recllm.data.store.SampleSet;

/** The synthetic CTR set: Criteo's shape, its label rate, a known best AUC, and reproducibility. */
class SyntheticCtrTest {
    private static final SampleSet SET = new SyntheticCtr(20_000, 39, 5).generate();

    @Test
    void hasThirteenNumericAndTwentySixCategoricalFields() {
        assertEquals(13, SET.schema().ofKind(FieldKind.NUMERIC).size());
        assertEquals(26, SET.schema().ofKind(FieldKind.CATEGORICAL).size());
        assertEquals("i01", SET.schema().fields().getFirst().name());
    }

    @Test
    void splitsEightOneOneWithAQuarterPositive() {
        int total = 0;
        for (Split split : Split.values()) {
            total += SET.splits().get(split).rows();
        }
        assertEquals(20_000, total);
        assertEquals(0.8, SET.splits().get(Split.TRAIN).rows() / 20_000.0, 0.02);
        float[] labels = ((Column.Floats) SET.splits().get(Split.TRAIN).column("label")).values();
        double rate = 0;
        for (float label : labels) {
            rate += label / labels.length;
        }
        assertEquals(0.25, rate, 0.02);
    }

    @Test
    void theBestAchievableAucIsRecordedAndInformative() {
        double bayes = Double.parseDouble(SET.info().properties().get("bayes_test_auc"));
        assertTrue(bayes > 0.75 && bayes < 0.98, "bayes AUC " + bayes);
    }

    @Test
    void vocabulariesComeFromTrainingOnlySoRareTestValuesAreOutOfVocabulary() {
        int[] test = ((Column.Ints) SET.splits().get(Split.TEST).column("c26")).values();
        long oov = Arrays.stream(test).filter(id -> id == Vocabulary.OOV).count();
        assertTrue(oov > 0, "the largest, Zipf-tailed vocabulary has test values unseen in training");
        int[] train = ((Column.Ints) SET.splits().get(Split.TRAIN).column("c26")).values();
        assertTrue(Arrays.stream(train).noneMatch(id -> id == Vocabulary.OOV));
    }

    @Test
    void anOptionalHistoryIsLeftPaddedC01Values() {
        SampleSet withHistory = new SyntheticCtr(2_000, 9, 5, 8).generate();
        var train = withHistory.splits().get(Split.TRAIN);
        int[] ids = ((Column.Ints) train.column("hist_c01")).values();
        int[] lengths = ((Column.Ints) train.column("history_length")).values();
        assertEquals(8, withHistory.schema().field("hist_c01").width());
        assertEquals("c01", withHistory.schema().field("hist_c01").vocabulary());
        for (int row = 0; row < lengths.length; row++) {
            for (int t = 0; t < 8; t++) {
                boolean padding = t < 8 - lengths[row];
                assertEquals(padding, ids[row * 8 + t] == Vocabulary.PADDING, "row " + row + " step " + t);
            }
        }
    }

    @Test
    void theSameSeedGivesTheSameData() {
        SampleSet again = new SyntheticCtr(20_000, 39, 5).generate();
        assertArrayEquals(((Column.Ints) SET.splits().get(Split.VALID).column("c03")).values(),
                ((Column.Ints) again.splits().get(Split.VALID).column("c03")).values());
        assertEquals(SET.info().properties().get("bayes_test_auc"), again.info().properties().get("bayes_test_auc"));
    }
}
