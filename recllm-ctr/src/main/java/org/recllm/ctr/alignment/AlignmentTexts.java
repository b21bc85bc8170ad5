package org.recllm.ctr.alignment;

import java.util.Arrays;

/**
 * The language side of every training row, made once by a frozen text encoder: the pooled vector of the row's text
 * (unit length, {@code dim} values per row) and, for the fine-grained term, the row's token states — indices into one
 * table of {@code dim}-sized token states that rows share (texts are built from segments such as an item's
 * description, so a segment's tokens are stored once).
 *
 * @param rowTokenOffsets row r's token indices are {@code rowTokens[rowTokenOffsets[r] .. rowTokenOffsets[r + 1])}
 * @param source          what made it (template, encoder), for reports and run keys
 */
public record AlignmentTexts(int rows, int dim, float[] pooled, float[] tokens, int[] rowTokenOffsets, int[] rowTokens,
                             String source) {

    public AlignmentTexts {
        if (rows < 1 || dim < 1) {
            throw new IllegalArgumentException("alignment texts need rows and a dimension, got " + rows + " x " + dim);
        }
        if (pooled.length != rows * dim || tokens.length % dim != 0 || rowTokenOffsets.length != rows + 1
                || rowTokenOffsets[0] != 0 || rowTokenOffsets[rows] != rowTokens.length) {
            throw new IllegalArgumentException("inconsistent alignment texts: " + rows + " rows of " + dim + ", "
                    + pooled.length + " pooled values, " + tokens.length + " token values, " + rowTokens.length + " token refs");
        }
        int tokenCount = tokens.length / dim;
        for (int token : rowTokens) {
            if (token < 0 || token >= tokenCount) {
                throw new IllegalArgumentException("token index " + token + " outside the " + tokenCount + " token states");
            }
        }
    }

    public int tokens(int row) {
        return rowTokenOffsets[row + 1] - rowTokenOffsets[row];
    }

    /** A short identity of the content (for run keys): shape and hashes of the vectors and token lists. */
    public String fingerprint() {
        return String.format(java.util.Locale.ROOT, "%s %dx%d #%08x/%08x/%08x", source, rows, dim, Arrays.hashCode(pooled),
                Arrays.hashCode(tokens), Arrays.hashCode(rowTokens));
    }
}
