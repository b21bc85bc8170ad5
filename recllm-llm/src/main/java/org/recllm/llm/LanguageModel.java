package org.recllm.llm;

import java.nio.file.Path;
import java.util.List;
import org.recllm.core.quant.ActivationPrecision;
import org.recllm.llm.gguf.GgufFile;
import org.recllm.llm.lora.LoraAdapterFile;
import org.recllm.llm.lora.LoraBankFile;
import org.recllm.llm.model.ModelConfig;
import org.recllm.llm.model.ModelWeights;
import org.recllm.llm.model.Transformer;
import org.recllm.llm.tokenizer.ChatTemplate;
import org.recllm.llm.tokenizer.Message;
import org.recllm.llm.tokenizer.Tokenizer;
import org.recllm.llm.tokenizer.Tokenizers;

/** A GGUF model ready to run: its mapped file, forward pass and tokenizer. Closing it unmaps the weights. */
public final class LanguageModel implements AutoCloseable {
    private final GgufFile gguf;
    private final Transformer transformer;
    private final Tokenizer tokenizer;

    private LanguageModel(GgufFile gguf, Transformer transformer, Tokenizer tokenizer) {
        this.gguf = gguf;
        this.transformer = transformer;
        this.tokenizer = tokenizer;
    }

    public static LanguageModel open(Path path) {
        return open(path, null);
    }

    /**
     * The model at {@code path} with the LoRA adapter at {@code lora} applied beside its weights (null: none); the
     * adapter must fit the model. A RecLoRA bank is refused here: see {@link #openWithBank}.
     */
    public static LanguageModel open(Path path, Path lora) {
        return open(path, lora, ActivationPrecision.fromProperty());
    }

    /**
     * As {@link #open(Path, Path)}, with block-quantised weights fed activations at {@code precision} rather than the
     * default of {@code -Drecllm.activations} (float32; int8 computes llama.cpp's numbers).
     */
    public static LanguageModel open(Path path, Path lora, ActivationPrecision precision) {
        return open(path, lora, false, precision);
    }

    /**
     * The model at {@code path} with the RecLoRA bank at {@code bank} beside its weights (null: none): every sequence of
     * a pass then needs its condition ({@link org.recllm.llm.model.SequenceStep#condition()}), so only batched prefill runs.
     */
    public static LanguageModel openWithBank(Path path, Path bank) {
        return open(path, bank, true, ActivationPrecision.fromProperty());
    }

    private static LanguageModel open(Path path, Path adapter, boolean bank, ActivationPrecision precision) {
        GgufFile gguf = GgufFile.open(path);
        try {
            ModelConfig config = ModelConfig.fromGguf(gguf);
            ModelWeights weights = bank && adapter != null
                    ? LoraBankFile.read(adapter, gguf).applyTo(ModelWeights.load(gguf, config)) : weights(gguf, config, adapter);
            return new LanguageModel(gguf, new Transformer(config, weights, precision), Tokenizers.fromGguf(gguf.metadata()));
        } catch (RuntimeException e) {
            gguf.close();
            throw e;
        }
    }

    /** The file's weights, with the LoRA adapter at {@code lora} beside them (null: none), checked against them. */
    public static ModelWeights weights(GgufFile gguf, ModelConfig config, Path lora) {
        ModelWeights weights = ModelWeights.load(gguf, config);
        return lora == null ? weights : LoraAdapterFile.read(lora, gguf).applyTo(weights);
    }

    public GgufFile gguf() {
        return gguf;
    }

    public Transformer transformer() {
        return transformer;
    }

    public Tokenizer tokenizer() {
        return tokenizer;
    }

    public ModelConfig config() {
        return transformer.config();
    }

    /** The chat template the file declares (or its architecture implies). */
    public ChatTemplate chatTemplate() {
        return ChatTemplate.fromGguf(gguf.metadata());
    }

    /** {@code text} as a prompt: BOS first when the model wants one. */
    public int[] prompt(String text) {
        return withBos(tokenizer.encode(text));
    }

    /**
     * A conversation as a prompt: rendered with the model's chat template, its turn markers read as control tokens,
     * BOS first when the model wants one.
     */
    public int[] chatPrompt(List<Message> messages) {
        return withBos(tokenizer.encodeWithSpecials(chatTemplate().render(messages)));
    }

    private int[] withBos(int[] tokens) {
        if (!tokenizer.addBos() || tokenizer.bos() < 0) {
            return tokens;
        }
        int[] withBos = new int[tokens.length + 1];
        withBos[0] = tokenizer.bos();
        System.arraycopy(tokens, 0, withBos, 1, tokens.length);
        return withBos;
    }

    @Override
    public void close() {
        gguf.close();
    }
}
