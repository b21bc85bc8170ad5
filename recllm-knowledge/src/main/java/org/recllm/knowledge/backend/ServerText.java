package org.recllm.knowledge.backend;

import java.util.regex.Pattern;

/**
 * Text a server sent back (an error message, an error page, an unusable answer), made fit to print in an error: a
 * proxy or a misconfigured server may echo the request's credentials, and an error message ends up in logs, run
 * journals and bug reports, so the configured key, Authorization header values, bearer tokens and {@code sk-} style
 * keys are redacted, and the text is cut to a length that keeps the error one readable line.
 */
final class ServerText {
    static final int MAX_CHARS = 300;
    static final String REDACTED = "[redacted]";

    /** An Authorization header or field, as a header line or JSON shows it; its optional scheme and its credentials. */
    private static final Pattern AUTHORIZATION = Pattern.compile("(?i)(authorization[\"']?\\s*[:=]\\s*[\"']?)(?:[a-z]+\\s+)?[^\\s\"',;}]+");
    private static final Pattern BEARER = Pattern.compile("(?i)\\bbearer\\s+[\\w.~+/=-]+");
    private static final Pattern KEY_LIKE = Pattern.compile("\\bsk-[\\w-]{8,}");

    private ServerText() {}

    /**
     * {@code text} stripped, with {@code apiKey} (when there is one) and anything credential-shaped redacted, then cut to
     * {@link #MAX_CHARS} with an ellipsis; redacting first means a cut never leaves half a key showing.
     */
    static String quote(String text, String apiKey) {
        String shown = text == null || text.isBlank() ? "(empty body)" : text.strip();
        if (apiKey != null && !apiKey.isBlank()) {
            shown = shown.replace(apiKey, REDACTED);
        }
        shown = AUTHORIZATION.matcher(shown).replaceAll("$1" + REDACTED);
        shown = BEARER.matcher(shown).replaceAll("Bearer " + REDACTED);
        shown = KEY_LIKE.matcher(shown).replaceAll(REDACTED);
        return shown.length() <= MAX_CHARS ? shown : shown.substring(0, MAX_CHARS) + "…";
    }
}
