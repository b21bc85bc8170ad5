package org.recllm.knowledge.encoder;

import java.nio.file.Files;
import java.nio.file.Path;
import org.recllm.core.io.BadInputException;

/**
 * Encoders by the name a user gives: {@code minilm} for the bundled all-MiniLM-L6-v2 or a folder holding an ONNX
 * sentence encoder, either with {@code #long=chunk} to encode long texts in windows instead of cutting them; or a GGUF
 * decoder {@code PATH.gguf[#layer=L,pooling=mean|last]} pooled from its hidden states.
 */
public final class SentenceEncoders {
    public static final String MINILM = "minilm";
    private static final String EXPECTED = "expected minilm or a folder holding model.onnx and tokenizer.json "
            + "(either optionally #long=cut|chunk), or PATH.gguf[#layer=L,pooling=mean|last]";

    private SentenceEncoders() {}

    /** An ONNX encoder's name and whether it chunks long texts: {@code NAME[#long=cut|chunk]}. */
    private record OnnxName(String name, boolean chunked) {
        static OnnxName parse(String spec) {
            int hash = spec.indexOf('#');
            if (hash < 0) {
                return new OnnxName(spec, false);
            }
            String option = spec.substring(hash + 1);
            boolean chunked = switch (option) {
                case "long=chunk" -> true;
                case "long=cut" -> false;
                default -> throw new BadInputException(spec, 0, "long",
                        "expected #long=cut or #long=chunk, got '#" + option + "'");
            };
            return new OnnxName(spec.substring(0, hash), chunked);
        }

        /** The folder named; what is missing inside it, {@link OnnxSentenceEncoder#fromFolder} names. */
        Path folder() {
            Path folder = Path.of(name);
            if (!Files.isDirectory(folder)) {
                throw new BadInputException(name, 0, null, EXPECTED + "; no such folder");
            }
            return folder;
        }
    }

    /** The id vectors of encoder {@code name} are stored under, without running the encoder. */
    public static String idOf(String name) {
        if (LlmSentenceEncoder.isGguf(name)) {
            return LlmSentenceEncoder.idOf(name);
        }
        OnnxName onnx = OnnxName.parse(name);
        if (onnx.name().equals(MINILM)) {
            return OnnxSentenceEncoder.id(OnnxSentenceEncoder.MINILM_ID, onnx.chunked());
        }
        Path folder = onnx.folder();
        if (!Files.isRegularFile(folder.resolve("model.onnx"))) {
            throw new BadInputException(name, 0, null, EXPECTED);
        }
        return OnnxSentenceEncoder.id(OnnxSentenceEncoder.folderId(folder), onnx.chunked());
    }

    public static SentenceEncoder open(String name) {
        if (LlmSentenceEncoder.isGguf(name)) {
            return LlmSentenceEncoder.open(name);
        }
        OnnxName onnx = OnnxName.parse(name);
        return onnx.name().equals(MINILM) ? OnnxSentenceEncoder.minilm(onnx.chunked())
                : OnnxSentenceEncoder.fromFolder(onnx.folder(), onnx.chunked());
    }
}
