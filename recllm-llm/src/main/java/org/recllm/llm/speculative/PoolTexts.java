package org.recllm.llm.speculative;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.recllm.core.io.BadInputException;
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
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Boolean jsonLines = null;
            long lineNumber = 0;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                if (jsonLines == null) {
                    jsonLines = line.stripLeading().startsWith("{");
                }
                texts.add(jsonLines ? textField(file, lineNumber, line) : line);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read pool texts from " + file + ": " + e.getMessage(), e);
        }
        return texts;
    }

    /** Every text of {@code files}, tokenised without BOS, into a new pool. */
    public static RetrievalPool pool(List<Path> files, Tokenizer tokenizer, PoolSettings settings) {
        RetrievalPool pool = new RetrievalPool(settings);
        for (Path file : files) {
            for (String text : read(file)) {
                pool.add(tokenizer.encode(text));
            }
        }
        return pool;
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
