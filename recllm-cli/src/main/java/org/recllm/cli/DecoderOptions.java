package org.recllm.cli;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.recllm.core.io.BadInputException;
import org.recllm.core.quant.GgmlType;
import org.recllm.llm.gguf.GgufVocabulary;
import org.recllm.llm.tokenizer.ByteLevelBpeTrainer;
import org.recllm.llm.train.CorpusExample;
import org.recllm.llm.train.DecoderPreset;
import org.recllm.llm.train.TrainedModelFile;
import org.recllm.llm.train.TrainingPlan;
import picocli.CommandLine.Option;

/** How a small decoder is trained from scratch: shape, budget, tokenizer and seed, shared by {@code llm train} and {@code llm distill}. */
final class DecoderOptions {
    @Option(names = "--preset", defaultValue = "tiny", description = "tiny, small or medium (see `recllm llm train --help`). Default: ${DEFAULT-VALUE}.")
    String preset;

    @Option(names = "--steps", defaultValue = "1000", description = "Optimiser steps. Default: ${DEFAULT-VALUE}.")
    int steps;

    @Option(names = "--batch", defaultValue = "8", description = "Sequences per step, packed into one forward pass. Default: ${DEFAULT-VALUE}.")
    int batch;

    @Option(names = "--learning-rate", defaultValue = "1e-3", description = "Peak learning rate. Default: ${DEFAULT-VALUE}.")
    float learningRate;

    @Option(names = "--tokenizer-vocab", defaultValue = "4096", description = "Largest tokenizer vocabulary, at least "
            + ByteLevelBpeTrainer.MINIMUM_SIZE + " (a small corpus may give fewer tokens). Default: ${DEFAULT-VALUE}.")
    int vocabularySize;

    @Option(names = "--eval-every", paramLabel = "N", description = "Steps between held-out evaluations (also run after "
            + "the last step). Default: a tenth of --steps.")
    Integer evalEvery;

    @Option(names = "--out-type", defaultValue = "F32", paramLabel = "TYPE", description = "Storage type of the written "
            + "model's matrices (embedding and projections; norms stay F32): F32, F16, BF16, Q8_0 or Q4_0. Training is in "
            + "F32 either way. Default: ${DEFAULT-VALUE}.")
    String outType;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the weights, the held-out split and the data order. Default: ${DEFAULT-VALUE}.")
    long seed;

    /** The preset, after checking every option here: one error naming the first bad one. */
    DecoderPreset validated() {
        DecoderPreset shape = shape();
        CorpusTrainingOptions.requirePositive(steps, "--steps");
        CorpusTrainingOptions.requirePositive(batch, "--batch");
        if (evalEvery != null) {
            CorpusTrainingOptions.requirePositive(evalEvery, "--eval-every");
        }
        matrixType();
        if (!(learningRate > 0)) {
            throw new BadInputException("--learning-rate", 0, null, "expected a positive rate, got " + learningRate);
        }
        if (vocabularySize < ByteLevelBpeTrainer.MINIMUM_SIZE) {
            throw new BadInputException("--tokenizer-vocab", 0, null, "expected at least " + ByteLevelBpeTrainer.MINIMUM_SIZE
                    + " (256 bytes and end of text), got " + vocabularySize);
        }
        return shape;
    }

    TrainingPlan plan() {
        TrainingPlan plan = TrainingPlan.of(steps, batch, learningRate, seed);
        return evalEvery == null ? plan : plan.withEvalEvery(evalEvery);
    }

    /** The {@code --out-type} the model is written in, or an error listing the types a trained model can take. */
    GgmlType matrixType() {
        List<GgmlType> types = TrainedModelFile.matrixTypes();
        return types.stream().filter(type -> type.name().equalsIgnoreCase(outType)).findFirst()
                .orElseThrow(() -> new BadInputException("--out-type", 0, null, "expected one of " + types.stream()
                        .map(GgmlType::name).collect(Collectors.joining(", ")) + ", got '" + outType + "'"));
    }

    /** A byte-level BPE vocabulary learned from the prompts and answers of {@code examples}. */
    GgufVocabulary vocabulary(List<CorpusExample> examples) {
        ByteLevelBpeTrainer bpe = new ByteLevelBpeTrainer(vocabularySize);
        examples.forEach(example -> {
            bpe.add(example.prompt());
            bpe.add(example.text());
        });
        return bpe.train();
    }

    private DecoderPreset shape() {
        try {
            return DecoderPreset.valueOf(preset.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--preset", 0, null, "expected one of " + Arrays.stream(DecoderPreset.values())
                    .map(p -> p.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")) + ", got '" + preset + "'");
        }
    }
}
