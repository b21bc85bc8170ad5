package org.recllm.llm.speculative;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.recllm.core.io.BadInputException;
import org.recllm.core.io.TextLines;
import org.recllm.llm.tokenizer.Tokenizer;

/**
 * Texts of earlier generations for a {@link RetrievalPool}: a file with one text per line, or JSON Lines whose
 * objects carry a {@code text} field (a file whose first non-blank line starts with '{' is read as JSON Lines). Blank
 * lines are skipped.
 */
public final class PoolTexts {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PoolTexts() {}

    public static List<String> read(Path file) {
        List<String> texts = new ArrayList<>();
        // Strictly decoded: a missing file, bytes that are not UTF-8 or a binary file are input errors naming the file.
        try (TextLines reader = TextLines.open(file, StandardCharsets.UTF_8)) {
            Boolean jsonLines = null;
            for (String line = reader.next(); line != null; line = reader.next()) {
                if (line.isBlank()) {
                    continue;
                }
                if (jsonLines == null) {
                    jsonLines = line.stripLeading().startsWith("{");
                }
                texts.add(jsonLines ? textField(file, reader.lineNumber(), line) : line);
            }
        }
        return texts;
    }

    /** Every text of {@code files}, tokenised without BOS, into a new pool. */
    public static RetrievalPool pool(List<Path> files, Tokenizer tokenizer, PoolSettings settings) {
        RetrievalPool pool = new RetrievalPool(settings);
        tokenized(files, tokenizer).forEach(pool::add);
        return pool;
    }

    /** Every text of {@code files} in order, tokenised without BOS (to fill several fresh pools alike). */
    public static List<int[]> tokenized(List<Path> files, Tokenizer tokenizer) {
        return files.stream().flatMap(file -> read(file).stream()).map(tokenizer::encode).toList();
    }

    private static String textField(Path file, long lineNumber, String line) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new BadInputException(file, lineNumber, null, "expected a JSON object with a \"text\" field: "
                    + e.getOriginalMessage());
        }
        JsonNode text = node == null ? null : node.get("text");
        if (text == null || !text.isTextual()) {
            throw new BadInputException(file, lineNumber, "text", "expected a string field \"text\" in every JSON line");
        }
        return text.asText();
    }
}
