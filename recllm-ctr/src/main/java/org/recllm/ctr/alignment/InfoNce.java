package org.recllm.ctr.alignment;

import org.recllm.core.ops.Elementwise;
import org.recllm.core.ops.Losses;
import org.recllm.core.ops.Shaping;
import org.recllm.core.tensor.Tape;
import org.recllm.core.tensor.Tensor;

/**
 * The symmetric InfoNCE loss of CLIP and CTRL over groups of paired views: in each group's similarity matrix the
 * diagonal holds the pairs and every other entry of a row or column is a negative; the loss is the mean of the
 * cross-entropy of each row over its columns and of each column over its rows.
 */
final class InfoNce {
    private int[] targets = new int[0];

    /** @param similarity [groups, G, G] scaled similarities, entry (g, a, b) comparing view-1 item a with view-2 item b */
    Tensor loss(Tape tape, Tensor similarity) {
        int groups = similarity.dim(0);
        int size = similarity.dim(1);
        if (similarity.rank() != 3 || similarity.dim(2) != size) {
            throw new IllegalArgumentException("InfoNCE needs square [groups, G, G] similarities, got " + similarity);
        }
        int rows = groups * size;
        if (targets.length < rows) {
            targets = new int[rows];
        }
        for (int r = 0; r < rows; r++) {
            targets[r] = r % size;
        }
        Tensor forward = Losses.crossEntropy(tape, similarity.view(rows, size), targets, null);
        Tensor backward = Losses.crossEntropy(tape, Shaping.permute(tape, similarity, 0, 2, 1).view(rows, size), targets, null);
        return Elementwise.scale(tape, Elementwise.add(tape, forward, backward), 0.5f);
    }
}
