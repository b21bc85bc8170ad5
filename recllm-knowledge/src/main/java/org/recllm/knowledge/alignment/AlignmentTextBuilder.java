package org.recllm.knowledge.alignment;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.recllm.core.progress.Progress;
import org.recllm.ctr.alignment.AlignmentTexts;
import org.recllm.knowledge.encoder.MeanPooling;
import org.recllm.knowledge.encoder.SentenceEncoder;

/**
 * Encodes a split's sample texts for CTRL's stage 1 with a frozen encoder, once per distinct segment: each segment's
 * token states are computed once, a row's pooled vector is the mean of the token states of all its segments (mean
 * pooling over the row's text, each segment read in its own context) scaled to unit length, and a row's tokens for the
 * fine-grained term are the first {@code tokensPerSegment} states of each of its segments, at most
 * {@code tokensPerRow} in all. So the text side costs one encoder pass per user, item and (item, label) pair however
 * many samples there are — 80,000 ML-100K rows need about 6,000 short passes, not 80,000 long ones.
 */
public final class AlignmentTextBuilder {
    public static final int DEFAULT_TOKENS_PER_SEGMENT = 16;
    public static final int DEFAULT_TOKENS_PER_ROW = 96;
    private static final int BATCH = 64;

    private final SentenceEncoder encoder;
    private final int tokensPerSegment;
    private final int tokensPerRow;

    public AlignmentTextBuilder(SentenceEncoder encoder, int tokensPerSegment, int tokensPerRow) {
        if (tokensPerSegment < 1 || tokensPerRow < 1) {
            throw new IllegalArgumentException("token limits must be positive, got " + tokensPerSegment + " and " + tokensPerRow);
        }
        this.encoder = encoder;
        this.tokensPerSegment = tokensPerSegment;
        this.tokensPerRow = tokensPerRow;
    }

    /**
     * The same texts with each row's pooled vector replaced by the encoder's vector of the row's whole text (its
     * segments joined and read in one context, as the paper encodes a sample): one encoder pass per row, so minutes
     * where the segments take seconds. The fine-grained tokens stay the segments'.
     */
    public AlignmentTexts wholeTextPooling(AlignmentTexts texts, SampleTemplate.Segments segments) {
        if (texts.rows() != segments.rows() || texts.dim() != encoder.dimension()) {
            throw new IllegalArgumentException("texts of " + texts.rows() + " rows do not belong to these " + segments.rows()
                    + " rows and this encoder");
        }
        int dim = texts.dim();
        float[] pooled = new float[texts.rows() * dim];
        try (Progress progress = Progress.start("encoding " + texts.rows() + " whole sample texts with " + encoder.id(),
                "texts", texts.rows())) {
            List<String> batch = new ArrayList<>(BATCH);
            for (int from = 0; from < texts.rows(); from += BATCH) {
                batch.clear();
                for (int row = from; row < Math.min(texts.rows(), from + BATCH); row++) {
                    batch.add(segments.text(row));
                }
                float[][] vectors = encoder.encode(batch).vectors();
                for (int i = 0; i < vectors.length; i++) {
                    System.arraycopy(vectors[i], 0, pooled, (from + i) * dim, dim);
                    MeanPooling.unit(pooled, (from + i) * dim, dim);
                }
                progress.advance(vectors.length);
            }
        }
        return new AlignmentTexts(texts.rows(), dim, pooled, texts.tokens(), texts.rowTokenOffsets(), texts.rowTokens(),
                texts.source() + ", whole-text pooling");
    }

    public AlignmentTexts build(SampleTemplate.Segments segments, String templateDescription) {
        int dim = encoder.dimension();
        int count = segments.texts().size();
        float[] sums = new float[count * dim];
        int[] tokenCounts = new int[count];
        int[] firstToken = new int[count + 1];
        List<float[]> kept = new ArrayList<>();
        try (Progress progress = Progress.start("encoding " + count + " text segments with " + encoder.id(), "segments", count)) {
            for (int from = 0; from < count; from += BATCH) {
                List<String> batch = segments.texts().subList(from, Math.min(count, from + BATCH));
                List<float[]> states = encoder.tokenStates(batch);
                for (int i = 0; i < batch.size(); i++) {
                    int segment = from + i;
                    float[] tokens = states.get(i);
                    int length = tokens.length / dim;
                    tokenCounts[segment] = length;
                    for (int t = 0; t < length; t++) {
                        for (int d = 0; d < dim; d++) {
                            sums[segment * dim + d] += tokens[t * dim + d];
                        }
                    }
                    int keep = Math.min(length, tokensPerSegment);
                    kept.add(java.util.Arrays.copyOf(tokens, keep * dim));
                    firstToken[segment + 1] = firstToken[segment] + keep;
                }
                progress.advance(batch.size());
            }
        }
        float[] tokens = new float[firstToken[count] * dim];
        for (int s = 0; s < count; s++) {
            System.arraycopy(kept.get(s), 0, tokens, firstToken[s] * dim, kept.get(s).length);
        }
        int rows = segments.rows();
        float[] pooled = new float[rows * dim];
        int[] offsets = new int[rows + 1];
        List<Integer> refs = new ArrayList<>();
        for (int row = 0; row < rows; row++) {
            int taken = 0;
            for (int k = segments.rowOffsets()[row]; k < segments.rowOffsets()[row + 1]; k++) {
                int segment = segments.rowSegments()[k];
                for (int d = 0; d < dim; d++) {
                    pooled[row * dim + d] += sums[segment * dim + d];
                }
                for (int t = firstToken[segment]; t < firstToken[segment + 1] && taken < tokensPerRow; t++, taken++) {
                    refs.add(t);
                }
            }
            MeanPooling.unit(pooled, row * dim, dim);
            offsets[row + 1] = refs.size();
        }
        String source = String.format(Locale.ROOT, "%s, encoder %s, %d tokens/segment, %d tokens/row", templateDescription,
                encoder.id(), tokensPerSegment, tokensPerRow);
        return new AlignmentTexts(rows, dim, pooled, tokens, offsets, refs.stream().mapToInt(Integer::intValue).toArray(), source);
    }
}
