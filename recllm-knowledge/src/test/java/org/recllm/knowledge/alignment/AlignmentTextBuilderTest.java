package org.recllm.knowledge.alignment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.recllm.ctr.alignment.AlignmentTexts;
import org.recllm.knowledge.encoder.EncodedBatch;
import org.recllm.knowledge.encoder.SentenceEncoder;

/**
 * Segments are encoded once; rows pool their segments' tokens and keep the first tokens of each for fine matching; or
 * each row's whole text gives its vector.
 */
class AlignmentTextBuilderTest {

    /** One token per word; a word's state is (its length, 1). Records every text it was asked for. */
    static final class WordEncoder implements SentenceEncoder {
        final List<String> asked = new ArrayList<>();

        @Override
        public String id() {
            return "words";
        }

        @Override
        public int dimension() {
            return 2;
        }

        @Override
        public int maxTokens() {
            return Integer.MAX_VALUE;
        }

        /** A whole text's vector: (characters, words), not at unit length (the builder scales it). */
        @Override
        public EncodedBatch encode(List<String> texts) {
            asked.addAll(texts);
            return new EncodedBatch(texts.stream().map(t -> new float[] {t.length(), t.split(" ").length})
                    .toArray(float[][]::new), 0);
        }

        @Override
        public List<float[]> tokenStates(List<String> texts) {
            asked.addAll(texts);
            return texts.stream().map(text -> {
                String[] words = text.split(" ");
                float[] states = new float[words.length * 2];
                for (int w = 0; w < words.length; w++) {
                    states[2 * w] = words[w].length();
                    states[2 * w + 1] = 1;
                }
                return states;
            }).toList();
        }

        @Override
        public void close() {
        }
    }

    @Test
    void rowsPoolTheirSegmentsAndCapTheirTokens() {
        // Segment 0 "aaa b" (tokens (3,1), (1,1)), segment 1 "cc dd e" ((2,1), (2,1), (1,1)).
        var segments = new SampleTemplate.Segments(List.of("aaa b", "cc dd e"), new int[] {0, 2, 3}, new int[] {0, 1, 1});
        WordEncoder encoder = new WordEncoder();
        AlignmentTexts texts = new AlignmentTextBuilder(encoder, 2, 3).build(segments, "test");
        assertEquals(List.of("aaa b", "cc dd e"), encoder.asked, "each distinct segment once");
        // Row 0 pools all five tokens: (3+1+2+2+1, 5) = (9, 5), at unit length.
        double norm = Math.sqrt(81 + 25);
        assertArrayEquals(new float[] {(float) (9 / norm), (float) (5 / norm)}, java.util.Arrays.copyOf(texts.pooled(), 2), 1e-6f);
        // Two tokens kept per segment: table = aaa, b, cc, dd; row 0 takes 3 in all (aaa, b, cc), row 1 takes cc, dd.
        assertArrayEquals(new float[] {3, 1, 1, 1, 2, 1, 2, 1}, texts.tokens());
        assertArrayEquals(new int[] {0, 3, 5}, texts.rowTokenOffsets());
        assertArrayEquals(new int[] {0, 1, 2, 2, 3}, texts.rowTokens());
        double norm1 = Math.sqrt(25 + 9);
        assertArrayEquals(new float[] {(float) (5 / norm1), (float) (3 / norm1)},
                java.util.Arrays.copyOfRange(texts.pooled(), 2, 4), 1e-6f, "row 1 pools all three of its tokens, kept or not");
    }

    @Test
    void wholeTextPoolingReadsEachRowsJoinedText() {
        var segments = new SampleTemplate.Segments(List.of("aaa b", "cc dd e"), new int[] {0, 2, 3}, new int[] {0, 1, 1});
        WordEncoder encoder = new WordEncoder();
        AlignmentTextBuilder builder = new AlignmentTextBuilder(encoder, 2, 3);
        AlignmentTexts fromSegments = builder.build(segments, "test");
        encoder.asked.clear();
        AlignmentTexts whole = builder.wholeTextPooling(fromSegments, segments);
        assertEquals(List.of("aaa b cc dd e", "cc dd e"), encoder.asked, "one pass per row, over the row's joined text");
        double norm = Math.sqrt(13 * 13 + 5 * 5);
        assertArrayEquals(new float[] {(float) (13 / norm), (float) (5 / norm)}, java.util.Arrays.copyOf(whole.pooled(), 2), 1e-6f);
        assertArrayEquals(fromSegments.rowTokens(), whole.rowTokens(), "the fine-grained tokens stay the segments'");
        assertTrue(whole.source().endsWith("whole-text pooling"), whole.source());
    }
}
