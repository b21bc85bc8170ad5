package org.recllm.knowledge.encoder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.recllm.core.io.BadInputException;
import org.recllm.core.io.Checksums;
import org.recllm.core.quant.ActivationPrecision;
import org.recllm.llm.LanguageModel;
import org.recllm.llm.model.TextEmbedder;

/**
 * A GGUF decoder as a knowledge encoder: a block's hidden states pooled over the text (KAR's alternative to a sentence
 * encoder, and the item embeddings ReLLa retrieves with). Named {@code PATH.gguf} (last block, mean pooling) or
 * {@code PATH.gguf#layer=L,pooling=mean|last}.
 */
public final class LlmSentenceEncoder implements SentenceEncoder {
    /** The most tokens of a text read by default, well past the length of a knowledge answer. */
    public static final int MAX_TOKENS = 512;

    private final LanguageModel model;
    private final TextEmbedder embedder;
    private final String id;

    private LlmSentenceEncoder(LanguageModel model, Spec spec) {
        this.model = model;
        int layer = spec.layer() == 0 ? model.config().layers() : spec.layer();
        if (layer > model.config().layers()) {
            model.close();
            throw new BadInputException(spec.name(), 0, "layer", "expected 1.." + model.config().layers() + " for this model, got " + layer);
        }
        this.embedder = new TextEmbedder(model, layer, spec.pooling(), Math.min(MAX_TOKENS, model.config().contextLength()));
        this.id = spec.id(layer);
    }

    /** Whether {@code name} names a GGUF encoder rather than an ONNX one. */
    static boolean isGguf(String name) {
        return Spec.fileOf(name).toLowerCase(Locale.ROOT).endsWith(".gguf");
    }

    /**
     * The encoder at float32 activations, whatever {@code -Drecllm.activations} says: the vectors stored under an id
     * must not depend on a run's flags (8-bit activations would give a quantised model's vectors other values).
     */
    static LlmSentenceEncoder open(String name) {
        Spec spec = Spec.parse(name);
        return new LlmSentenceEncoder(LanguageModel.open(spec.file(), null, ActivationPrecision.FLOAT32), spec);
    }

    /**
     * The id vectors are stored under: file name, content hash, block and pooling. With the default block the id needs
     * the model's depth, so the header is read.
     */
    static String idOf(String name) {
        Spec spec = Spec.parse(name);
        if (spec.layer() != 0) {
            return spec.id(spec.layer());
        }
        try (LanguageModel model = LanguageModel.open(spec.file())) {
            return spec.id(model.config().layers());
        }
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public int dimension() {
        return embedder.dimension();
    }

    @Override
    public int maxTokens() {
        return embedder.maxTokens();
    }

    @Override
    public EncodedBatch encode(List<String> texts) {
        TextEmbedder.Embedded embedded = embedder.embedAll(texts);
        return new EncodedBatch(embedded.vectors(), embedded.truncated());
    }

    @Override
    public List<float[]> tokenStates(List<String> texts) {
        return embedder.tokenStates(texts);
    }

    @Override
    public void close() {
        model.close();
    }

    /** {@code PATH.gguf[#layer=L,pooling=mean|last]}; layer 0 stands for the last block. */
    record Spec(String name, Path file, int layer, TextEmbedder.Pooling pooling) {

        static String fileOf(String name) {
            int hash = name.indexOf('#');
            return hash < 0 ? name : name.substring(0, hash);
        }

        static Spec parse(String name) {
            Path file = Path.of(fileOf(name));
            if (!Files.isRegularFile(file)) {
                throw new BadInputException(name, 0, null, "expected a GGUF model file; " + file + " does not exist");
            }
            int layer = 0;
            TextEmbedder.Pooling pooling = TextEmbedder.Pooling.MEAN;
            int hash = name.indexOf('#');
            if (hash >= 0) {
                for (String setting : name.substring(hash + 1).split(",")) {
                    int equals = setting.indexOf('=');
                    String key = equals < 0 ? setting : setting.substring(0, equals);
                    String value = equals < 0 ? "" : setting.substring(equals + 1);
                    switch (key) {
                        case "layer" -> layer = parseLayer(name, value);
                        case "pooling" -> pooling = switch (value) {
                            case "mean" -> TextEmbedder.Pooling.MEAN;
                            case "last" -> TextEmbedder.Pooling.LAST;
                            default -> throw new BadInputException(name, 0, "pooling", "expected mean or last, got '" + value + "'");
                        };
                        default -> throw new BadInputException(name, 0, key,
                                "expected settings layer=L and pooling=mean|last after '#', got '" + setting + "'");
                    }
                }
            }
            return new Spec(name, file, layer, pooling);
        }

        private static int parseLayer(String name, String value) {
            try {
                int layer = Integer.parseInt(value);
                if (layer >= 1) {
                    return layer;
                }
            } catch (NumberFormatException e) {
                // reported below with the expectation
            }
            throw new BadInputException(name, 0, "layer", "expected a block number ≥ 1, got '" + value + "'");
        }

        String id(int layer) {
            return "gguf:" + file.getFileName() + ":" + Checksums.sha256(file).substring(0, 12) + ":layer" + layer + ":"
                    + pooling.name().toLowerCase(Locale.ROOT);
        }
    }
}
