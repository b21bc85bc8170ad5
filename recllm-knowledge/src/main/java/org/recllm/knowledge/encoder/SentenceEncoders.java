package org.recllm.knowledge.encoder;

import java.nio.file.Files;
import java.nio.file.Path;
import org.recllm.core.io.BadInputException;

/**
 * Encoders by the name a user gives: {@code minilm} for the bundled all-MiniLM-L6-v2, a folder holding an ONNX
 * sentence encoder, or a GGUF decoder {@code PATH.gguf[#layer=L,pooling=mean|last]} pooled from its hidden states.
 */
public final class SentenceEncoders {
    public static final String MINILM = "minilm";
    private static final String EXPECTED = "expected minilm, a folder holding model.onnx and tokenizer.json, "
            + "or PATH.gguf[#layer=L,pooling=mean|last]";

    private SentenceEncoders() {}

    /** The id vectors of encoder {@code name} are stored under, without running the encoder. */
    public static String idOf(String name) {
        if (name.equals(MINILM)) {
            return OnnxSentenceEncoder.minilmId();
        }
        if (LlmSentenceEncoder.isGguf(name)) {
            return LlmSentenceEncoder.idOf(name);
        }
        Path folder = Path.of(name);
        if (!Files.isRegularFile(folder.resolve("model.onnx"))) {
            throw new BadInputException(name, 0, null, EXPECTED);
        }
        return OnnxSentenceEncoder.folderId(folder);
    }

    public static SentenceEncoder open(String name) {
        if (LlmSentenceEncoder.isGguf(name)) {
            return LlmSentenceEncoder.open(name);
        }
        if (name.equals(MINILM)) {
            return OnnxSentenceEncoder.minilm();
        }
        Path folder = Path.of(name);
        if (!Files.isDirectory(folder)) {
            throw new BadInputException(name, 0, null, EXPECTED + "; no such folder");
        }
        return OnnxSentenceEncoder.fromFolder(folder);
    }
}
