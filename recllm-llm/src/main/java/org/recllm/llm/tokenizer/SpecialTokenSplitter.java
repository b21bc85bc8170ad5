package org.recllm.llm.tokenizer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Cuts text at the literal spellings of whole tokens (chat markers such as {@code <|im_start|>}, added tokens) so they
 * become their ids instead of being spelled out piece by piece. Scans left to right and takes the longest spelling
 * that starts at each position, so {@code <|im_end|>} is not mistaken for a shorter token that is its prefix.
 */
final class SpecialTokenSplitter {
    /** A piece of the input: plain text to tokenize, or one whole token. */
    sealed interface Fragment {}

    record Text(String text) implements Fragment {}

    record Token(int id) implements Fragment {}

    private final Map<Character, List<String>> spellingsByFirstChar = new HashMap<>();
    private final Map<String, Integer> ids = new HashMap<>();

    SpecialTokenSplitter(Vocabulary vocabulary, Set<TokenType> types) {
        for (int id = 0; id < vocabulary.size(); id++) {
            String spelling = vocabulary.text(id);
            if (types.contains(vocabulary.type(id)) && !spelling.isEmpty() && ids.putIfAbsent(spelling, id) == null) {
                spellingsByFirstChar.computeIfAbsent(spelling.charAt(0), c -> new ArrayList<>()).add(spelling);
            }
        }
        spellingsByFirstChar.values().forEach(list -> list.sort(Comparator.comparingInt(String::length).reversed()));
    }

    List<Fragment> split(String text) {
        List<Fragment> fragments = new ArrayList<>();
        int textStart = 0;
        for (int i = 0; i < text.length(); ) {
            String match = longestAt(text, i);
            if (match == null) {
                i++;
                continue;
            }
            if (i > textStart) {
                fragments.add(new Text(text.substring(textStart, i)));
            }
            fragments.add(new Token(ids.get(match)));
            i += match.length();
            textStart = i;
        }
        if (textStart < text.length()) {
            fragments.add(new Text(text.substring(textStart)));
        }
        return fragments;
    }

    private String longestAt(String text, int position) {
        List<String> candidates = spellingsByFirstChar.get(text.charAt(position));
        if (candidates != null) {
            for (String spelling : candidates) {
                if (text.startsWith(spelling, position)) {
                    return spelling;
                }
            }
        }
        return null;
    }
}
