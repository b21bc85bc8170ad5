package org.recllm.core.testing;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.function.Executable;
import org.opentest4j.AssertionFailedError;
import org.recllm.core.io.BadInputException;

/**
 * Hostile variants of a valid file for the readers' fuzz tests, and the contract each reader keeps on them: it either
 * reads the file or throws {@link BadInputException}, within a time and an allocation bound.
 */
public final class Fuzz {
    /** Per read: far above what a reader of these small files takes, far below a hang or an unbounded buffer. */
    public static final Duration TIME = Duration.ofSeconds(2);
    public static final long ALLOCATED_BYTES = 64L << 20;

    /** Values a hostile user or a damaged file puts in a field. */
    private static final List<String> JUNK = List.of("", "0", "-5", "2147483647", "-2147483648", "99999999999999999999",
            "NaN", "1e309", "x", "\"", "\"\"", ",", "\t", "|", "::", "\r", "\u0000", "\u00e9", "\uFEFF", "null", "[", "{", "- -",
            "*anchor", "&a [*a, *a]", "x".repeat(10_000));

    private Fuzz() {}

    /** One to three of: a truncation, bit flips, a field replaced by junk, a line deleted or repeated, random bytes. */
    public static byte[] mutate(byte[] valid, long seed) {
        Random random = new Random(seed);
        byte[] bytes = valid;
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits && bytes.length > 0; e++) {
            bytes = switch (random.nextInt(6)) {
                case 0 -> Arrays.copyOf(bytes, random.nextInt(bytes.length));
                case 1 -> flipBits(bytes, random);
                case 2, 3 -> replaceField(bytes, random);
                case 4 -> editLine(bytes, random);
                default -> insertBytes(bytes, random);
            };
        }
        return bytes;
    }

    private static byte[] flipBits(byte[] bytes, Random random) {
        byte[] flipped = bytes.clone();
        for (int i = 1 + random.nextInt(4); i > 0; i--) {
            flipped[random.nextInt(flipped.length)] ^= (byte) (1 << random.nextInt(8));
        }
        return flipped;
    }

    private static boolean isDelimiter(byte b) {
        return b == '\t' || b == '|' || b == ',' || b == ':' || b == '\n' || b == '"' || b == ' ' || b == '[' || b == ']';
    }

    /** Replaces the run of non-delimiter bytes around a random position with a junk value. */
    private static byte[] replaceField(byte[] bytes, Random random) {
        int at = random.nextInt(bytes.length);
        int start = at;
        while (start > 0 && !isDelimiter(bytes[start - 1])) {
            start--;
        }
        int end = at;
        while (end < bytes.length && !isDelimiter(bytes[end])) {
            end++;
        }
        byte[] junk = JUNK.get(random.nextInt(JUNK.size())).getBytes(StandardCharsets.UTF_8);
        return splice(bytes, start, end, junk);
    }

    /** Deletes or repeats one line. */
    private static byte[] editLine(byte[] bytes, Random random) {
        List<Integer> starts = new ArrayList<>(List.of(0));
        for (int i = 0; i < bytes.length - 1; i++) {
            if (bytes[i] == '\n') {
                starts.add(i + 1);
            }
        }
        int line = random.nextInt(starts.size());
        int start = starts.get(line);
        int end = line + 1 < starts.size() ? starts.get(line + 1) : bytes.length;
        byte[] text = Arrays.copyOfRange(bytes, start, end);
        return random.nextBoolean() ? splice(bytes, start, end, new byte[0]) : splice(bytes, end, end, text);
    }

    private static byte[] insertBytes(byte[] bytes, Random random) {
        byte[] noise = new byte[1 + random.nextInt(16)];
        random.nextBytes(noise);
        int at = random.nextInt(bytes.length + 1);
        return splice(bytes, at, at, noise);
    }

    private static byte[] splice(byte[] bytes, int start, int end, byte[] insert) {
        byte[] result = new byte[bytes.length - (end - start) + insert.length];
        System.arraycopy(bytes, 0, result, 0, start);
        System.arraycopy(insert, 0, result, start, insert.length);
        System.arraycopy(bytes, end, result, start + insert.length, bytes.length - end);
        return result;
    }

    /**
     * Runs {@code read} and fails unless it returns or throws {@link BadInputException} (subtypes included) within
     * {@link #TIME}, allocating at most {@link #ALLOCATED_BYTES}; {@code input} is shown when it fails.
     */
    public static void assertReadsOrRejects(String input, Executable read) {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertTimeoutPreemptively(TIME, () -> {
            long before = threads.getCurrentThreadAllocatedBytes();
            try {
                read.execute();
            } catch (BadInputException expected) {
                assertTrue(expected.getMessage().startsWith(expected.source()), expected.getMessage());
            } catch (Throwable other) {
                throw new AssertionFailedError("expected success or BadInputException on " + input + ", got " + other, other);
            }
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            assertTrue(allocated <= ALLOCATED_BYTES, "allocated " + allocated + " bytes reading " + input);
        }, () -> "no answer within " + TIME + " on " + input);
    }
}
