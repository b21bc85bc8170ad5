package org.recllm.data.dataset;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** MovieLens title conventions: the year in trailing parentheses, genres joined by '|'. */
final class Titles {
    private static final Pattern YEAR = Pattern.compile("\\((\\d{4})(?:[-–]\\d{0,4})?\\)\\s*$");
    private static final String NO_GENRES = "(no genres listed)";

    private Titles() {}

    /** The release year at the end of a title such as "Heat (1995)" or "Fargo (TV Series) (2014–)"; null if none. */
    static Integer year(String title) {
        Matcher matcher = YEAR.matcher(title);
        return matcher.find() ? Integer.valueOf(matcher.group(1)) : null;
    }

    static List<String> genres(String field) {
        String trimmed = field.strip();
        if (trimmed.isEmpty() || trimmed.equals(NO_GENRES)) {
            return List.of();
        }
        return Arrays.stream(trimmed.split("\\|")).map(String::strip).filter(g -> !g.isEmpty()).toList();
    }
}
