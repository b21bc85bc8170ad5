package org.recllm.llm.gguf;

import org.recllm.core.quant.GgmlType;
import org.recllm.core.quant.WeightMatrices;

/**
 * The shape of a random decoder-only transformer written by {@link RandomModels}: architecture ("llama", "qwen2" or
 * "mistral"), vocabulary size, model width, layers, attention heads and key/value heads (grouped-query attention when
 * fewer), feed-forward width, the storage type of the projection and embedding matrices (norms and biases are always
 * F32), whether the output projection reuses the token embedding, context length, and the seed all weights derive from.
 */
public record RandomModelSpec(String architecture, int vocab, int dim, int layers, int heads, int kvHeads, int ff,
                              GgmlType weightType, boolean tiedEmbeddings, int contextLength, long seed) {

    public RandomModelSpec {
        if (!architecture.equals("llama") && !architecture.equals("qwen2") && !architecture.equals("mistral")) {
            throw new IllegalArgumentException("architecture must be llama, qwen2 or mistral, got " + architecture);
        }
        if (dim < 1 || layers < 1 || heads < 1 || kvHeads < 1 || ff < 1 || contextLength < 1) {
            throw new IllegalArgumentException("model sizes must be positive: " + describe(dim, layers, heads, kvHeads, ff));
        }
        if (dim % heads != 0 || heads % kvHeads != 0) {
            throw new IllegalArgumentException("dim must split into heads and heads into key/value groups: "
                    + describe(dim, layers, heads, kvHeads, ff));
        }
        if ((dim / heads) % 2 != 0) {
            throw new IllegalArgumentException("rotary embeddings rotate pairs, so the head size " + dim / heads + " must be even");
        }
        if (!WeightMatrices.canEncode(weightType)) {
            throw new IllegalArgumentException("weights of type " + weightType + " cannot be written");
        }
        int block = weightType.blockSize();
        // Every matrix's rows are dim, heads·headDim (= dim) or ff long: they must hold whole blocks.
        if (dim % block != 0 || ff % block != 0) {
            throw new IllegalArgumentException(weightType + " stores blocks of " + block + ", so dim (" + dim + ") and ff (" + ff
                    + ") must be multiples of it");
        }
        int minimumVocab = GgufVocabulary.minimumSize(architecture);
        if (vocab < minimumVocab) {
            throw new IllegalArgumentException("a " + architecture + " vocabulary needs at least " + minimumVocab + " tokens, got " + vocab);
        }
    }

    public int headDim() {
        return dim / heads;
    }

    public int kvDim() {
        return kvHeads * headDim();
    }

    /** What general.architecture says and what the metadata keys start with: llama.cpp writes Mistral models as llama. */
    public String ggufArchitecture() {
        return architecture.equals("mistral") ? "llama" : architecture;
    }

    public boolean attentionBiases() {
        return architecture.equals("qwen2");
    }

    /** Every weight, norm and bias element the file holds. */
    public long parameterCount() {
        long embedding = (long) vocab * dim;
        long attention = 2L * dim * dim + 2L * dim * kvDim() + (attentionBiases() ? dim + 2L * kvDim() : 0);
        long perLayer = attention + 3L * dim * ff + 2L * dim;
        return embedding + (tiedEmbeddings ? 0 : embedding) + dim + layers * perLayer;
    }

    /** A few-hundred-kilobyte model for tests: 2 layers, width 64, 4 heads over 2 key/value heads. */
    public static RandomModelSpec tiny(String architecture, GgmlType weightType, long seed) {
        return new RandomModelSpec(architecture, 512, 64, 2, 4, 2, 128, weightType, false, 256, seed);
    }

    /**
     * About a million parameters for tests that need every storage type: 2 layers, width 256 (a whole Q4_K/Q6_K
     * super-block per row), ff 512, 4 heads over 2 key/value heads, the tiny preset's vocabulary of 512.
     */
    public static RandomModelSpec small(String architecture, GgmlType weightType, long seed) {
        return new RandomModelSpec(architecture, 512, 256, 2, 4, 2, 512, weightType, false, 256, seed);
    }

    /**
     * About 100M parameters, GPT-2-small-like on llama: width 768, 12 layers, 12 heads, ff 2048, vocabulary 32000, tied
     * embeddings: 32000·768 + 768 + 12·(4·768² + 3·768·2048 + 2·768) = 109,529,856 parameters.
     */
    public static RandomModelSpec about100M(GgmlType weightType, long seed) {
        return new RandomModelSpec("llama", 32000, 768, 12, 12, 12, 2048, weightType, true, 2048, seed);
    }

    /**
     * About 500M parameters on llama: width 1280, 24 layers, 20 heads, ff 3456, vocabulary 32000, tied embeddings:
     * 32000·1280 + 1280 + 24·(4·1280² + 3·1280·3456 + 2·1280) = 516,814,080 parameters (2.07 GB as F32).
     */
    public static RandomModelSpec about500M(GgmlType weightType, long seed) {
        return new RandomModelSpec("llama", 32000, 1280, 24, 20, 20, 3456, weightType, true, 2048, seed);
    }

    private static String describe(int dim, int layers, int heads, int kvHeads, int ff) {
        return "dim " + dim + ", layers " + layers + ", heads " + heads + ", kv heads " + kvHeads + ", ff " + ff;
    }
}
