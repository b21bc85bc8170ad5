package org.recllm.llm.gguf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.recllm.core.quant.GgmlType;
import org.recllm.core.quant.WeightMatrix;
import org.recllm.core.testing.SharedData;

/** The real stories260K model reads as llama.cpp sees it: metadata, tensor directory, and mapped weights. */
class Stories260kGgufTest {

    @Test
    void metadataAndTensorDirectory() {
        try (GgufFile gguf = GgufFile.open(SharedData.require("models/stories260K.gguf"))) {
            GgufMetadata meta = gguf.metadata();
            assertEquals("llama", meta.string("general.architecture"));
            assertEquals("llama", meta.string("tokenizer.ggml.model"));
            assertEquals(512, meta.strings("tokenizer.ggml.tokens").length);
            assertEquals(512, meta.floats("tokenizer.ggml.scores").length);
            assertEquals("<0x00>", meta.strings("tokenizer.ggml.tokens")[3]);
            assertEquals(1, meta.integer("tokenizer.ggml.bos_token_id"));
            assertEquals(64, meta.integer("llama.embedding_length"));
            assertEquals(5, meta.integer("llama.block_count"));
            assertEquals(4, meta.integer("llama.attention.head_count_kv"));
            assertEquals(1e-5, meta.real("llama.attention.layer_norm_rms_epsilon"), 1e-12);
            assertEquals(3 + 5 * 9, gguf.tensors().size());
            GgufTensorInfo embedding = gguf.tensor("token_embd.weight");
            assertArrayEquals(new long[] {64, 512}, embedding.dims());
            assertEquals(GgmlType.F32, embedding.type());
            WeightMatrix output = gguf.matrix("output.weight");
            assertEquals(512, output.rows());
            assertEquals(64, output.cols());
            assertEquals(64, gguf.vector("output_norm.weight").length);
        }
    }
}
