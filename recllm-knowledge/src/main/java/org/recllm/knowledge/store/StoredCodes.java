package org.recllm.knowledge.store;

import java.time.Instant;
import java.util.StringJoiner;

/**
 * A stored code run: its version, what made it, each entity's codes ({@code codes[i * levels + level]}) and suffix
 * (its rank, by entity id, among the entities with the same code tuple). Codes plus suffix form the entity's semantic
 * ID, unique within the run.
 */
public record StoredCodes(long version, CodeRun run, Instant createdAt, long[] entityIds, int[] codes, int[] suffixes) {

    public StoredCodes {
        if (codes.length != (long) entityIds.length * run.levels() || suffixes.length != entityIds.length) {
            throw new IllegalArgumentException(entityIds.length + " entities need " + run.levels() + " codes and a suffix each");
        }
    }

    /** The code tuple of entity i as stored and shown: levels joined by {@code -}, e.g. {@code 12-3-40}. */
    public String codeText(int i) {
        return text(codes, i * run.levels(), run.levels());
    }

    /** The semantic ID of entity i: its code tuple then its suffix, e.g. {@code 12-3-40-0}. */
    public String semanticId(int i) {
        return codeText(i) + "-" + suffixes[i];
    }

    /** Refuses anything but whole levels of codes joined by {@code -} (e.g. {@code 12} or {@code 12-3-40-0}). */
    public static String requirePrefix(String prefix) {
        if (!prefix.matches("\\d+(-\\d+)*")) {
            throw new IllegalArgumentException("a code prefix is numbers joined by '-', e.g. 12-3; got '" + prefix + "'");
        }
        return prefix;
    }

    /** {@code count} codes from {@code from} joined by {@code -}. */
    public static String text(int[] codes, int from, int count) {
        StringJoiner joined = new StringJoiner("-");
        for (int level = 0; level < count; level++) {
            joined.add(Integer.toString(codes[from + level]));
        }
        return joined.toString();
    }
}
