package org.recllm.llm.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.recllm.core.io.AtomicFiles;
import org.recllm.core.io.BadInputException;
import org.recllm.core.io.TextLines;

/**
 * A JSONL training corpus split into training and held-out examples. Each non-blank line is {@code {"text": …}} or
 * {@code {"prompt": …, "answer": …}}; lines are bounded ({@link TextLines#MAX_LINE_CHARS}) and any problem is one
 * error naming the file and line.
 */
public record Corpus(List<CorpusExample> train, List<CorpusExample> valid) {

    /**
     * Reads {@code file} and holds out {@code validFraction} of its examples (rounded, at least one when the fraction
     * is positive and two or more examples exist), chosen by a shuffle seeded with {@code seed}.
     */
    public static Corpus read(Path file, double validFraction, long seed) {
        if (!(validFraction >= 0 && validFraction < 1)) {
            throw new IllegalArgumentException("the held-out fraction must be in [0, 1), got " + validFraction);
        }
        List<CorpusExample> examples = new ArrayList<>();
        try (TextLines lines = TextLines.open(file, StandardCharsets.UTF_8)) {
            for (String line = lines.next(); line != null; line = lines.next()) {
                if (!line.isBlank()) {
                    examples.add(parse(lines, line));
                }
            }
        }
        if (examples.isEmpty()) {
            throw new BadInputException(file, "holds no examples");
        }
        int held = (int) Math.round(examples.size() * validFraction);
        if (validFraction > 0 && examples.size() >= 2) {
            held = Math.clamp(held, 1, examples.size() - 1);
        }
        Collections.shuffle(examples, new SplittableRandom(seed));
        return new Corpus(List.copyOf(examples.subList(held, examples.size())), List.copyOf(examples.subList(0, held)));
    }

    private static CorpusExample parse(TextLines lines, String line) {
        JsonNode json;
        try {
            json = AtomicFiles.JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw lines.error(null, "not JSON: " + e.getOriginalMessage());
        }
        if (json == null || !json.isObject()) {
            throw lines.error(null, "expected a JSON object with \"text\", or \"prompt\" and \"answer\"");
        }
        if (json.has("text")) {
            if (json.has("prompt") || json.has("answer")) {
                throw lines.error("text", "a line has either \"text\" or \"prompt\" and \"answer\", not both");
            }
            return new CorpusExample("", string(lines, json, "text"));
        }
        return new CorpusExample(string(lines, json, "prompt"), string(lines, json, "answer"));
    }

    private static String string(TextLines lines, JsonNode json, String field) {
        JsonNode value = json.get(field);
        if (value == null) {
            throw lines.error(field, "missing: expected \"text\", or \"prompt\" and \"answer\"");
        }
        if (!value.isTextual()) {
            throw lines.error(field, "expected a string, got " + value.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
        }
        return value.textValue();
    }
}
