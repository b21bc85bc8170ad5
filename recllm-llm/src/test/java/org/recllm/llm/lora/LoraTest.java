package org.recllm.llm.lora;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recllm.core.quant.ActivationPrecision;
import org.recllm.core.quant.GgmlType;
import org.recllm.core.tensor.Tape;
import org.recllm.core.tensor.Tensor;
import org.recllm.core.testing.SharedData;
import org.recllm.llm.LanguageModel;
import org.recllm.llm.gguf.GgufException;
import org.recllm.llm.gguf.GgufFile;
import org.recllm.llm.gguf.GgufWriter;
import org.recllm.llm.gguf.RandomModelSpec;
import org.recllm.llm.gguf.RandomModels;
import org.recllm.llm.model.Logits;
import org.recllm.llm.model.ModelConfig;
import org.recllm.llm.model.Projection;
import org.recllm.llm.train.CorpusExample;
import org.recllm.llm.train.LanguageModelTrainer;
import org.recllm.llm.train.TrainableDecoder;
import org.recllm.llm.train.TrainingPlan;
import org.recllm.llm.train.TrainingReport;
import org.recllm.llm.train.TrainingSequence;

/**
 * LoRA on stories260K: only the adapter trains and it learns a small corpus; the adapter file round-trips; inference
 * with the adapter beside the base equals inference of the merged model, also beside a Q8_0 base kept quantised; the
 * reader rejects misfits by name.
 */
class LoraTest {
    private static final Path MODEL = SharedData.require("models/stories260K.gguf");
    private static final String[] STORY = {"The blue robot sang a song to the moon every night.",
            "A small green frog jumped over the big red ball."};

    @TempDir
    static Path dir;
    static TrainableLora lora;
    static TrainableDecoder decoder;
    static TrainingReport report;
    /** Open while the tests run: the frozen decoder reads the base's projections from the mapped file. */
    static LanguageModel llm;

    @BeforeAll
    static void train() {
        llm = LanguageModel.open(MODEL);
        lora = new TrainableLora(llm.config(), "llama", new LoraConfig(8, 16, 0.05f, LoraConfig.targets("q,k,v,o,gate,up,down")), 7);
        decoder = TrainableDecoder.fromGguf(llm.gguf(), lora);
        List<TrainingSequence> sequences = new ArrayList<>();
        for (String text : STORY) {
            sequences.add(TrainingSequence.windows(llm.tokenizer(), new CorpusExample("", text), 256).getFirst());
        }
        TrainingPlan plan = new TrainingPlan(60, 2, 1e-2f, 0, 0f, 1f, 1, 60, 0, 3);
        report = new LanguageModelTrainer(decoder, plan, "lora", null).train(sequences, sequences, false, Integer.MAX_VALUE);
    }

    @AfterAll
    static void close() {
        llm.close();
    }

    @Test
    void onlyTheAdapterTrainsAndItLearnsTheCorpus() {
        long perLayer = 0;
        for (Projection p : Projection.values()) {
            perLayer += 8L * (p.inputs(decoder.config()) + p.outputs(decoder.config()));
        }
        assertEquals(perLayer * decoder.config().layers(), decoder.parameters().count());
        assertTrue(decoder.parameters().dense().keySet().stream().allMatch(n -> n.endsWith(".lora_a") || n.endsWith(".lora_b")));
        double first = report.losses().getFirst().trainLoss();
        double last = report.losses().getLast().trainLoss();
        assertTrue(last < first / 5, "loss " + first + " → " + last);
        assertTrue(report.finalValidLoss() < first / 5, "held-out (the same two stories, no dropout): " + report.finalValidLoss());
    }

    @Test
    void theFrozenBaseIsUnchangedBesideTheAdapter() {
        int[] tokens = tokens();
        try (GgufFile gguf = GgufFile.open(MODEL)) {
            Tensor base = TrainableDecoder.fromGguf(gguf).logits(new Tape().gradients(false), tokens);
            // A base zero-B adapter: whatever the training did, the frozen weights must reproduce the base (up to the
            // rounding of the engine's product over the stored matrices against the dense one).
            TrainableLora untrained = new TrainableLora(decoder.config(), "llama",
                    new LoraConfig(8, 16, 0f, Set.of(Projection.QUERY)), 1);
            TrainableDecoder frozen = TrainableDecoder.fromGguf(gguf, untrained);
            float[] expected = base.toArray();
            float[] got = frozen.logits(new Tape().gradients(false), tokens).toArray();
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], got[i], 1e-4, "logit " + i);
            }
            float[] adapted = decoder.logits(new Tape().gradients(false).training(false), tokens).toArray();
            assertTrue(maxRelativeDifference(base.toArray(), adapted, decoder.config().vocabulary()) > 0.05,
                    "the trained adapter changes the logits");
        }
    }

    @Test
    void theFileRoundTripsAndInferenceBesideTheBaseEqualsTheMergedModel() {
        Path adapterFile = dir.resolve("adapter.gguf");
        LoraAdapter adapter = lora.adapter();
        LoraAdapterFile.write(adapter, "test", adapterFile);
        Path merged = dir.resolve("merged.gguf");
        try (GgufFile base = GgufFile.open(MODEL)) {
            LoraAdapter read = LoraAdapterFile.read(adapterFile, base);
            assertEquals(16f, read.alpha());
            assertEquals(8, read.rank());
            assertEquals(adapter.pairs().keySet(), read.pairs().keySet());
            for (LoraPair pair : adapter.pairs().values()) {
                assertArrayEquals(pair.a(), read.pairs().get(pair.weight()).a());
                assertArrayEquals(pair.b(), read.pairs().get(pair.weight()).b());
            }
            LoraMerge.write(base, read, merged);
            assertEquals(GgmlType.F32, GgufFile.open(merged).tensor("blk.0.attn_q.weight").type());
        }
        int[] tokens = tokens();
        try (LanguageModel beside = LanguageModel.open(MODEL, adapterFile); LanguageModel folded = LanguageModel.open(merged);
             LanguageModel base = LanguageModel.open(MODEL)) {
            float[] a = logits(beside, tokens);
            float[] b = logits(folded, tokens);
            int vocabulary = beside.config().vocabulary();
            assertTrue(maxRelativeDifference(a, b, vocabulary) < 1e-4, "beside vs merged: " + maxRelativeDifference(a, b, vocabulary));
            assertTrue(maxRelativeDifference(a, logits(base, tokens), vocabulary) > 0.05, "the adapter matters");
            float[] trained = decoder.logits(new Tape().gradients(false).training(false), tokens).toArray();
            assertTrue(maxRelativeDifference(a, trained, vocabulary) < 1e-4, "engine vs trainable decoder");
        }
    }

    @Test
    void aQuantisedBaseStaysQuantisedBesideTheAdapterAndMergesToF32() {
        Path base = dir.resolve("q8.gguf");
        RandomModels.write(new RandomModelSpec("llama", 512, 64, 2, 4, 2, 128, GgmlType.Q8_0, false, 256, 11), base);
        Path adapterFile = dir.resolve("q8-adapter.gguf");
        Path merged = dir.resolve("q8-merged.gguf");
        int[] tokens = {1, 17, 300, 42, 5, 77, 420, 9};
        float[] trainable;
        try (GgufFile gguf = GgufFile.open(base)) {
            TrainableLora q8 = new TrainableLora(ModelConfig.fromGguf(gguf), "llama",
                    new LoraConfig(4, 8, 0f, LoraConfig.targets("q,v,down")), 5);
            // A non-zero B, as training would leave it.
            java.util.SplittableRandom random = new java.util.SplittableRandom(9);
            q8.parameters().dense().forEach((name, t) -> {
                if (name.endsWith(".lora_b")) {
                    for (int i = 0; i < t.size(); i++) {
                        t.data()[i] = (float) (random.nextDouble() - 0.5) * 0.2f;
                    }
                }
            });
            trainable = TrainableDecoder.fromGguf(gguf, q8).logits(new Tape().gradients(false), tokens).toArray();
            LoraAdapterFile.write(q8.adapter(), "q8", adapterFile);
            LoraMerge.write(gguf, LoraAdapterFile.read(adapterFile, gguf), merged);
        }
        // Float activations: the comparison is of the adapter arithmetic, not of llama.cpp's 8-bit activations.
        try (LanguageModel beside = LanguageModel.open(base, adapterFile, ActivationPrecision.FLOAT32);
             LanguageModel folded = LanguageModel.open(merged, null, ActivationPrecision.FLOAT32)) {
            assertEquals(GgmlType.Q8_0, beside.gguf().tensor("blk.0.attn_q.weight").type());
            assertEquals(GgmlType.F32, folded.gguf().tensor("blk.0.attn_q.weight").type());
            assertEquals(GgmlType.Q8_0, folded.gguf().tensor("blk.0.attn_k.weight").type(), "not adapted: kept as stored");
            float[] a = logits(beside, tokens);
            double merging = maxRelativeDifference(a, logits(folded, tokens), 512);
            double training = maxRelativeDifference(a, trainable, 512);
            // The Q8_0 kernels dequantise inside the dot products, so all three agree as closely as F32 ones (6e-7 and
            // 8e-7 measured).
            assertTrue(merging < 1e-4, "beside vs merged: " + merging);
            assertTrue(training < 1e-4, "beside vs the F32-dequantised trainable decoder: " + training);
        }
    }

    @Test
    void theReaderRejectsAnAdapterThatDoesNotFitTheBase() {
        Path bad = dir.resolve("bad.gguf");
        GgufWriter gguf = new GgufWriter().putString("general.architecture", "llama").putString("general.type", "adapter")
                .putString("adapter.type", "lora").putFloat32("adapter.lora.alpha", 8);
        gguf.addTensor("blk.0.attn_q.weight.lora_a", GgmlType.F32, new long[] {63, 4}, new float[63 * 4]);
        gguf.addTensor("blk.0.attn_q.weight.lora_b", GgmlType.F32, new long[] {4, 64}, new float[4 * 64]);
        gguf.write(bad);
        try (GgufFile base = GgufFile.open(MODEL)) {
            GgufException e = assertThrows(GgufException.class, () -> LoraAdapterFile.read(bad, base));
            assertTrue(e.getMessage().contains("bad.gguf") && e.getMessage().contains("blk.0.attn_q.weight.lora_a")
                    && e.getMessage().contains("[64, rank]") && !e.getMessage().contains("\n"), e.getMessage());
            GgufException notAdapter = assertThrows(GgufException.class, () -> LoraAdapterFile.read(MODEL, base));
            assertTrue(notAdapter.getMessage().contains("is not a LoRA adapter"), notAdapter.getMessage());
        }
    }

    private static int[] tokens() {
        try (LanguageModel llm = LanguageModel.open(MODEL)) {
            return llm.prompt("The blue robot sang a song");
        }
    }

    private static float[] logits(LanguageModel llm, int[] tokens) {
        Logits logits = llm.transformer().logitsAll(llm.transformer().newCache(tokens.length), tokens);
        int vocabulary = llm.config().vocabulary();
        float[] all = new float[tokens.length * vocabulary];
        for (int t = 0; t < tokens.length; t++) {
            System.arraycopy(logits.row(t), 0, all, t * vocabulary, vocabulary);
        }
        return all;
    }

    /** The largest |a − b| over each row's largest |a|. */
    private static double maxRelativeDifference(float[] a, float[] b, int vocabulary) {
        double worst = 0;
        for (int row = 0; row < a.length / vocabulary; row++) {
            double largest = 0;
            double difference = 0;
            for (int i = row * vocabulary; i < (row + 1) * vocabulary; i++) {
                largest = Math.max(largest, Math.abs(a[i]));
                difference = Math.max(difference, Math.abs(a[i] - b[i]));
            }
            worst = Math.max(worst, difference / largest);
        }
        return worst;
    }
}
