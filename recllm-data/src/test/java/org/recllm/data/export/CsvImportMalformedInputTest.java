package org.recllm.data.export;

import static org.recllm.data.testing.BadInputAssertions.assertBadInput;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recllm.data.schema.Schema;
import org.recllm.data.testing.SyntheticSamples;

/** A CSV that does not fit the store's schema is reported with its line and column. */
class CsvImportMalformedInputTest {
    private static final String HEADER = "label,user_id,item_id,genres,price,hist_item,hist_genre";
    private final Schema schema = SyntheticSamples.schema();

    @TempDir
    Path tmp;

    private Path csv(String... lines) throws IOException {
        return Files.write(tmp.resolve("train.csv"), java.util.List.of(lines));
    }

    @Test
    void headerOfAnotherSchema() throws IOException {
        Path file = csv("label,user_id,item_id", "1,2,3");
        assertBadInput(() -> CsvImport.read(file, schema), file, 1, null, "does not match the store's columns");
    }

    @Test
    void sequenceLongerThanTheField() throws IOException {
        Path file = csv(HEADER, "1,2,5,3,0.5,7^9,2^3", "0,2,5,3,0.5,1^2^3^4^5,2");
        assertBadInput(() -> CsvImport.read(file, schema), file, 3, "hist_item", "holds 5 ids", "at most 4");
    }

    @Test
    void labelOtherThanZeroOrOne() throws IOException {
        Path file = csv(HEADER, "2,2,5,3,0.5,7,2");
        assertBadInput(() -> CsvImport.read(file, schema), file, 2, "label", "expected 0 or 1, got 2");
    }

    @Test
    void numericFieldThatIsNoNumber() throws IOException {
        Path file = csv(HEADER, "1,2,5,3,cheap,7,2");
        assertBadInput(() -> CsvImport.read(file, schema), file, 2, "price", "expected a number, got 'cheap'");
    }

    @Test
    void emptyCategoricalField() throws IOException {
        Path file = csv(HEADER, "1,,5,3,0.5,7,2");
        assertBadInput(() -> CsvImport.read(file, schema), file, 2, "user_id", "is empty; expected a vocabulary id");
    }

    @Test
    void idsJoinedWithTheWrongSeparator() throws IOException {
        Path file = csv(HEADER, "1,2,5,3|4,0.5,7,2");
        assertBadInput(() -> CsvImport.read(file, schema), file, 2, "genres", "expected vocabulary ids joined by '^'");
    }
}
