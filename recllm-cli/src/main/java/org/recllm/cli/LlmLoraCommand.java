package org.recllm.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.recllm.core.io.BadInputException;
import org.recllm.llm.LanguageModel;
import org.recllm.llm.lora.LoraConfig;
import org.recllm.llm.lora.TrainableLora;
import org.recllm.llm.train.Corpus;
import org.recllm.llm.train.LanguageModelTrainer;
import org.recllm.llm.train.TrainableDecoder;
import org.recllm.llm.train.TrainingPlan;
import org.recllm.llm.train.TrainingReport;
import org.recllm.llm.train.TrainingSequence;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code recllm llm lora}: a LoRA adapter for a GGUF model trained on a JSONL corpus, written in llama.cpp's format. */
@Command(name = "lora", mixinStandardHelpOptions = true, description = {
        "Fine-tune a GGUF model with LoRA on a JSONL corpus (lines {\"text\": …} or {\"prompt\": …, \"answer\": …}, the "
                + "loss on the answer only), tokenised with the model's own tokenizer: the model stays frozen, rank-r "
                + "factors A and B beside the target projections train with AdamW (warm-up, cosine decay). Writes the "
                + "adapter as a llama.cpp GGUF LoRA adapter (for --lora of generate, embed and bench, `recllm llm merge` "
                + "and llama.cpp), a report JSON and a loss-curve PNG beside it.",
        "The base's projections stay as the file stores them (quantised or not, memory-mapped) while the adapter "
                + "trains; the embedding, head and norms are read into F32."})
final class LlmLoraCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "BASE.gguf", description = "Base model (GGUF).")
    Path model;

    @Mixin
    CorpusTrainingOptions training;

    @Mixin
    LoraOptions lora;

    @Option(names = "--steps", defaultValue = "100", description = "Optimiser steps. Default: ${DEFAULT-VALUE}.")
    int steps;

    @Option(names = "--batch", defaultValue = "4", description = "Sequences per step, packed into one forward pass. Default: ${DEFAULT-VALUE}.")
    int batch;

    @Option(names = "--learning-rate", defaultValue = "1e-3", description = "Peak learning rate. Default: ${DEFAULT-VALUE}.")
    float learningRate;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the factors, the split, the data order and dropout. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Mixin
    ResumeOptions resuming;

    @Mixin
    RecomputeOption recompute;

    @Option(names = "--out", required = true, paramLabel = "ADAPTER.gguf", description = "Adapter file (GGUF, F32 factors).")
    Path out;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        CorpusTrainingOptions.requirePositive(steps, "--steps");
        CorpusTrainingOptions.requirePositive(batch, "--batch");
        LoraConfig config = lora.config();
        Outputs.requireWritable(out, "--out");
        if (!(learningRate > 0)) {
            throw new BadInputException("--learning-rate", 0, null, "expected a positive rate, got " + learningRate);
        }
        training.check();
        resuming.check();

        Corpus data = training.read(seed);
        try (LanguageModel llm = LanguageModel.open(model)) {
            int context = llm.config().contextLength();
            List<TrainingSequence> train = training.train(llm.tokenizer(), data, context);
            List<TrainingSequence> valid = CorpusTrainingOptions.sequences(llm.tokenizer(), data.valid(), context);
            String architecture = llm.gguf().metadata().string("general.architecture");
            TrainableLora adapter = new TrainableLora(llm.config(), architecture, config, seed);
            TrainableDecoder decoder = recompute.applyTo(TrainableDecoder.fromGguf(llm.gguf(), adapter));
            String name = lora.describe();
            TrainingPlan plan = TrainingPlan.of(steps, batch, learningRate, seed).withCheckpointEvery(resuming.checkpointEvery);
            // A resume point belongs to this adapter shape, base model and corpus: resuming under others is refused.
            String run = "rank " + config.rank() + ", alpha " + config.alpha() + ", dropout " + config.dropout()
                    + ", targets " + config.targets().stream().sorted().toList() + " of " + RankInputs.fileKey(model)
                    + " on " + RankInputs.fileKey(training.corpus);
            TrainingReport result = new LanguageModelTrainer(decoder, plan, name, resuming.checkpoint, run)
                    .train(train, valid, resuming.resume, Integer.MAX_VALUE);
            adapter.write(out, "recllm " + name + " of " + model.getFileName() + " on " + training.corpus.getFileName());
            training.finish(result, out, "adapter parameters", spec.commandLine().getOut());
        }
        return 0;
    }
}
