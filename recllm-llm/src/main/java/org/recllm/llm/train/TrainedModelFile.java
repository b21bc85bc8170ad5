package org.recllm.llm.train;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.recllm.core.quant.GgmlType;
import org.recllm.core.quant.WeightMatrices;
import org.recllm.core.tensor.Tensor;
import org.recllm.llm.gguf.GgufVocabulary;
import org.recllm.llm.gguf.GgufWriter;
import org.recllm.llm.gguf.LlamaFileType;

/**
 * Writes a trained decoder as a GGUF model that the engine ({@code recllm llm generate}) and llama.cpp run: the
 * architecture keys, the tokenizer, the matrices (embedding and projections) in a chosen storage type and the norm
 * gains and biases as F32, each under its GGUF name (a tied head simply has no {@code output.weight}, which both
 * readers take to mean the token embedding).
 */
public final class TrainedModelFile {
    private TrainedModelFile() {}

    /** The matrix types a trained model can be written in: F32 and the types whose blocks are at most 32 values. */
    public static List<GgmlType> matrixTypes() {
        return Arrays.stream(GgmlType.values())
                .filter(type -> WeightMatrices.canEncode(type) && type.blockSize() <= 32).toList();
    }

    /** The model with every tensor in F32. */
    public static void write(TrainableDecoder decoder, GgufVocabulary vocabulary, String name, Path file) {
        write(decoder, vocabulary, name, file, GgmlType.F32);
    }

    /**
     * The model with its matrices in {@code matrixType} (one of {@link #matrixTypes()}: a block of 32 divides the
     * rows of every preset, where the k-quants' 256 do not) and the rest in F32.
     */
    public static void write(TrainableDecoder decoder, GgufVocabulary vocabulary, String name, Path file, GgmlType matrixType) {
        if (vocabulary.tokens().length != decoder.config().vocabulary()) {
            throw new IllegalArgumentException("the vocabulary has " + vocabulary.tokens().length + " tokens, the model "
                    + decoder.config().vocabulary());
        }
        if (!matrixTypes().contains(matrixType)) {
            throw new IllegalArgumentException("a trained model is written as one of " + matrixTypes() + ", not " + matrixType);
        }
        GgufWriter gguf = new GgufWriter();
        decoder.config().writeTo(gguf);
        gguf.putString("general.name", name);
        gguf.putUInt32("general.file_type", LlamaFileType.of(matrixType));
        vocabulary.writeTo(gguf);
        decoder.parameters().dense().forEach((tensorName, tensor) -> {
            GgmlType type = tensor.rank() == 2 ? matrixType : GgmlType.F32;
            if (tensor.cols() % type.blockSize() != 0) {
                throw new IllegalArgumentException(tensorName + " has rows of " + tensor.cols() + " values, not whole "
                        + type + " blocks of " + type.blockSize());
            }
            gguf.addTensor(tensorName, type, ggmlDims(tensor), tensor.data());
        });
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
