package org.recllm.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.recllm.llm.gguf.GgufVocabulary;
import org.recllm.llm.model.ModelConfig;
import org.recllm.llm.tokenizer.ByteLevelBpeTrainer;
import org.recllm.llm.tokenizer.Tokenizer;
import org.recllm.llm.tokenizer.Tokenizers;
import org.recllm.llm.train.Corpus;
import org.recllm.llm.train.CorpusExample;
import org.recllm.llm.train.DecoderPreset;
import org.recllm.llm.train.LanguageModelTrainer;
import org.recllm.llm.train.TrainableDecoder;
import org.recllm.llm.train.TrainedModelFile;
import org.recllm.llm.train.TrainingPlan;
import org.recllm.llm.train.TrainingReport;
import org.recllm.llm.train.TrainingSequence;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code recllm llm train}: a small Llama trained from scratch on a JSONL corpus, written as GGUF. */
@Command(name = "train", mixinStandardHelpOptions = true, description = {
        "Train a small Llama from scratch on a JSONL corpus (lines {\"text\": …} or {\"prompt\": …, \"answer\": …}, the "
                + "loss on the answer only): a byte-level BPE tokenizer learned from the corpus, AdamW with warm-up and "
                + "cosine decay, a held-out loss; writes a GGUF model that `recllm llm generate` runs, a report JSON and "
                + "a loss-curve PNG beside it.",
        "Presets (--preset):",
        "  tiny: dim 128, 4 layers, 4 heads over 2 key/value heads, ffn 352, context 256, 1.3M parameters at a 4,096-token vocabulary",
        "  small: dim 384, 6 layers, 6 heads over 2 key/value heads, ffn 1024, context 512, 11.0M parameters at a 4,096-token vocabulary",
        "  medium: dim 512, 10 layers, 8 heads over 4 key/value heads, ffn 1408, context 512, 31.6M parameters at a 4,096-token vocabulary"})
final class LlmTrainCommand implements Callable<Integer> {
    @Mixin
    CorpusTrainingOptions training;

    @Mixin
    DecoderOptions decoder;

    @Mixin
    ResumeOptions resuming;

    @Mixin
    RecomputeOption recompute;

    @Option(names = "--out", required = true, paramLabel = "M.gguf", description = "Trained model (GGUF, its matrices as --out-type).")
    Path out;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        DecoderPreset shape = decoder.validated();
        Outputs.requireWritable(out, "--out");
        training.check();
        resuming.check();
        var err = spec.commandLine().getErr();

        Corpus data = training.read(decoder.seed);
        long started = System.nanoTime();
        List<CorpusExample> all = new ArrayList<>(data.train());
        all.addAll(data.valid());
        GgufVocabulary vocabulary = decoder.vocabulary(all);
        Tokenizer tokenizer = Tokenizers.fromGguf(vocabulary.metadata());
        ModelConfig config = shape.config(vocabulary.tokens().length);
        List<TrainingSequence> train = training.train(tokenizer, data, config.contextLength());
        List<TrainingSequence> valid = CorpusTrainingOptions.sequences(tokenizer, data.valid(), config.contextLength());
        int extraWindows = train.size() + valid.size() - data.train().size() - data.valid().size();
        err.printf(Locale.ROOT, "tokenizer: %,d tokens learned in %.1f s; %,d training and %,d held-out sequences%s%n",
                vocabulary.tokens().length, (System.nanoTime() - started) / 1e9, train.size(), valid.size(), extraWindows == 0
                        ? "" : String.format(Locale.ROOT, " (examples longer than the context of %d tokens add %,d windows)",
                        config.contextLength(), extraWindows));

        TrainableDecoder model = recompute.applyTo(TrainableDecoder.random(config, true, 0.02f, decoder.seed));
        TrainingPlan plan = decoder.plan().withCheckpointEvery(resuming.checkpointEvery);
        String name = shape.name().toLowerCase(Locale.ROOT);
        TrainingReport result = new LanguageModelTrainer(model, plan, name, resuming.checkpoint)
                .train(train, valid, resuming.resume, Integer.MAX_VALUE);
        TrainedModelFile.write(model, vocabulary, "recllm " + name + " trained on " + training.corpus.getFileName(), out,
                decoder.matrixType());
        training.finish(result, out, "parameters", spec.commandLine().getOut());
        return 0;
    }
}
