package org.recllm.knowledge.encoder;

import java.nio.file.Files;
import java.nio.file.Path;
import org.recllm.core.io.BadInputException;

/**
 * Encoders by the name a user gives: {@code minilm} for the bundled all-MiniLM-L6-v2, else a model folder. All of them
 * are ONNX models today, so the concrete type is returned (the benchmark looks inside it).
 */
public final class SentenceEncoders {
    public static final String MINILM = "minilm";

    private SentenceEncoders() {}

    /** The id vectors of encoder {@code name} are stored under, without loading the encoder. */
    public static String idOf(String name) {
        if (name.equals(MINILM)) {
            return OnnxSentenceEncoder.minilmId();
        }
        Path folder = Path.of(name);
        if (!Files.isRegularFile(folder.resolve("model.onnx"))) {
            throw new BadInputException(name, 0, null, "expected minilm or a folder holding model.onnx and tokenizer.json");
        }
        return OnnxSentenceEncoder.folderId(folder);
    }

    public static OnnxSentenceEncoder open(String name) {
        if (name.equals(MINILM)) {
            return OnnxSentenceEncoder.minilm();
        }
        Path folder = Path.of(name);
        if (!Files.isDirectory(folder)) {
            throw new BadInputException(name, 0, null,
                    "expected minilm or a folder holding model.onnx and tokenizer.json; no such folder");
        }
        return OnnxSentenceEncoder.fromFolder(folder);
    }
}
