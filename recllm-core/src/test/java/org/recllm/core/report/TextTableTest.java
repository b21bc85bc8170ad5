package org.recllm.core.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TextTableTest {
    private static TextTable results() {
        return new TextTable("model", "seed", "test AUC", "note")
                .add("LR", 1, "0.7890", "baseline")
                .add("DeepFM", 42, "0.80", "-")
                .add("KAR", 7, "±0.001", "n/a");
    }

    @Test
    void renderPadsColumnsTextLeftNumbersRight() {
        // Widths: model 6 (DeepFM), seed 4 (header), test AUC 8 (header), note 8 (baseline).
        // The last column's text is not padded, so no line ends in spaces.
        String expected = """
                model   seed  test AUC  note
                ------  ----  --------  --------
                LR         1    0.7890  baseline
                DeepFM    42      0.80  -
                KAR        7    ±0.001  n/a
                """;
        assertEquals(expected, results().render());
    }

    @Test
    void markdownIsAGithubTable() {
        String expected = """
                | model | seed | test AUC | note |
                |---|---|---|---|
                | LR | 1 | 0.7890 | baseline |
                | DeepFM | 42 | 0.80 | - |
                | KAR | 7 | ±0.001 | n/a |
                """;
        assertEquals(expected, results().markdown());
    }

    @Test
    void emptyTableRendersHeaderAndRule() {
        TextTable table = new TextTable("split", "rows");
        assertEquals(0, table.rows());
        assertEquals("split  rows\n-----  ----\n", table.render());
    }

    @Test
    void rowWithTheWrongNumberOfCellsIsRejected() {
        TextTable table = new TextTable("a", "b");
        assertThrows(IllegalArgumentException.class, () -> table.add("only one"));
        assertThrows(IllegalArgumentException.class, () -> table.add(1, 2, 3));
        assertEquals(0, table.rows());
    }

    @Test
    void nullCellsPrintAsNull() {
        assertEquals("| a |\n|---|\n| null |\n", new TextTable("a").add((Object) null).markdown());
    }
}
