package org.recllm.ctr.train;

import org.recllm.core.ops.Activations;
import org.recllm.core.tensor.Tape;
import org.recllm.core.tensor.Tensor;
import org.recllm.ctr.features.Batch;
import org.recllm.ctr.features.BatchLoader;
import org.recllm.ctr.models.CtrModel;

/** Scores a whole split in inference mode (no gradients, no dropout, running batch-norm statistics). */
public final class Scorer {
    private final Tape tape = new Tape();

    /** Click probabilities for every row of {@code loader}'s split, in row order, into {@code out}. */
    public void score(CtrModel model, BatchLoader loader, Batch batch, int[] identity, float[] out) {
        tape.gradients(false).training(false);
        int rows = loader.rows();
        for (int from = 0; from < rows; from += batch.capacity()) {
            int count = Math.min(batch.capacity(), rows - from);
            loader.fill(batch, identity, from, count);
            tape.reset();
            Tensor logits = model.logits(tape, batch);
            float[] data = logits.data();
            for (int i = 0; i < count; i++) {
                out[from + i] = Activations.sigmoid(data[i]);
            }
        }
    }

    /**
     * The model's user representation ({@link CtrModel#userRepresentation}) of the given rows of {@code loader}'s
     * split, in that order.
     */
    public UserRepresentations representations(CtrModel model, BatchLoader loader, Batch batch, int[] chosen) {
        tape.gradients(false).training(false);
        int rows = chosen.length;
        float[] out = null;
        int dim = 0;
        for (int from = 0; from < rows; from += batch.capacity()) {
            int count = Math.min(batch.capacity(), rows - from);
            loader.fill(batch, chosen, from, count);
            tape.reset();
            Tensor representation = model.userRepresentation(tape, batch);
            if (out == null) {
                dim = representation.dim(1);
                out = new float[Math.multiplyExact(rows, dim)];
            }
            System.arraycopy(representation.data(), 0, out, from * dim, count * dim);
        }
        return new UserRepresentations(rows, dim, out == null ? new float[0] : out);
    }

    /** 0, 1, …, n − 1: the row order of a whole split. */
    public static int[] identity(int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        return order;
    }
}
