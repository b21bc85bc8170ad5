package org.recllm.llm.train;

import java.nio.file.Path;

/** A trainable adapter that can be written as a file inference loads beside the base model. */
public interface TrainableAdapter extends ProjectionAdapter {
    /** Writes the adapter as it stands to {@code file}, labelled {@code name}. */
    void write(Path file, String name);
}
