package org.recllm.knowledge.scenario;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prompt text with named placeholders such as {@code {item}}. Rendering replaces every placeholder in one pass, so a
 * value that itself contains braces (a title like "{Proof}") is inserted as it is, never expanded again. Braces that
 * do not enclose a name are plain text.
 */
public record PromptTemplate(String text) {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z_]+)}");

    public PromptTemplate {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a prompt template must not be blank");
        }
    }

    /** The placeholder names, in order of first use. */
    public Set<String> placeholders() {
        Set<String> names = new LinkedHashSet<>();
        Matcher matcher = PLACEHOLDER.matcher(text);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    /** The text with each placeholder replaced by its value; a placeholder without a value is an error. */
    public String render(Map<String, String> values) {
        return PLACEHOLDER.matcher(text).replaceAll(match -> {
            String value = values.get(match.group(1));
            if (value == null) {
                throw new IllegalArgumentException("no value for the placeholder {" + match.group(1) + "}");
            }
            return Matcher.quoteReplacement(value);
        });
    }
}
