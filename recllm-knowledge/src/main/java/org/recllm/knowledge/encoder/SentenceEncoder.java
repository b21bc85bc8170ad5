package org.recllm.knowledge.encoder;

import java.util.List;

/** Texts to fixed-size vectors, a batch at a time. */
public interface SentenceEncoder extends AutoCloseable {

    /** Names the encoder in a store; vectors of different ids are never compared or mixed. */
    String id();

    int dimension();

    /** The most tokens of a text the encoder reads; the rest is cut off and counted in {@link EncodedBatch#truncated}. */
    int maxTokens();

    /** One vector per text, in order; texts longer than the encoder's limit are cut, and counted. */
    EncodedBatch encode(List<String> texts);

    /**
     * Per text, the states its pooling reads: {@code [tokens, dimension]} row-major, the encoder's own special tokens
     * included; texts past {@link #maxTokens()} are cut. What fine-grained alignment (CTRL) matches fields against.
     */
    List<float[]> tokenStates(List<String> texts);

    @Override
    void close();
}
