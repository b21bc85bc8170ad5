package org.recllm.llm.train;

import java.nio.file.Path;
import org.recllm.core.quant.GgmlType;
import org.recllm.core.tensor.Tensor;
import org.recllm.llm.gguf.GgufVocabulary;
import org.recllm.llm.gguf.GgufWriter;

/**
 * Writes a trained decoder as a GGUF model that the engine ({@code recllm llm generate}) and llama.cpp run: the
 * architecture keys, the tokenizer, and every parameter as F32 under its GGUF name (a tied head simply has no
 * {@code output.weight}, which both readers take to mean the token embedding).
 */
public final class TrainedModelFile {
    private TrainedModelFile() {}

    public static void write(TrainableDecoder decoder, GgufVocabulary vocabulary, String name, Path file) {
        if (vocabulary.tokens().length != decoder.config().vocabulary()) {
            throw new IllegalArgumentException("the vocabulary has " + vocabulary.tokens().length + " tokens, the model "
                    + decoder.config().vocabulary());
        }
        GgufWriter gguf = new GgufWriter();
        decoder.config().writeTo(gguf);
        gguf.putString("general.name", name);
        gguf.putUInt32("general.file_type", 0); // llama.cpp's LLAMA_FTYPE_ALL_F32
        vocabulary.writeTo(gguf);
        decoder.parameters().dense().forEach((tensorName, tensor) ->
                gguf.addTensor(tensorName, GgmlType.F32, ggmlDims(tensor), tensor.data()));
        gguf.write(file);
    }

    /** ggml lists dimensions innermost first: a [rows, cols] matrix is {cols, rows}. */
    private static long[] ggmlDims(Tensor tensor) {
        long[] dims = new long[tensor.rank()];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = tensor.dim(dims.length - 1 - i);
        }
        return dims;
    }
}
