package org.recllm.ctr.train;

import org.recllm.ctr.models.CtrModel;

/**
 * Training a fresh model goes through before its supervised training, such as CTRL's cross-modal alignment. It is
 * part of a run's identity: runs with and without it, or with different ones, never share a journal entry.
 */
public interface Pretraining {
    /** A short name for labels ("ctrl"). */
    String name();

    /** Everything the pretrained weights depend on besides the samples, the model and the seed. */
    String key();

    /** Trains {@code model} in place; the supervised training then starts from its weights with a fresh optimizer. */
    void run(CtrModel model, long seed, String label);
}
