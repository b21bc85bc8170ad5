package org.recllm.llm.gguf;

import java.nio.file.Path;
import org.recllm.core.io.BadInputException;

/** A GGUF file that cannot be used: names the file, the byte offset where reading failed, and what was expected. */
public final class GgufException extends BadInputException {
    public GgufException(Path file, long offset, String problem) {
        super(file, offset < 0 ? problem : "at byte " + offset + ": " + problem);
    }
}
