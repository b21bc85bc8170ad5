package org.recllm.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.recllm.core.io.AtomicFiles;
import org.recllm.core.io.BadInputException;
import org.recllm.core.report.LineChart;
import org.recllm.llm.tokenizer.Tokenizer;
import org.recllm.llm.train.Corpus;
import org.recllm.llm.train.CorpusExample;
import org.recllm.llm.train.LossPoint;
import org.recllm.llm.train.TrainingReport;
import org.recllm.llm.train.TrainingSequence;
import picocli.CommandLine.Option;

/**
 * What {@code llm train} and {@code llm lora} share: the JSONL corpus and its held-out share, and the report with its
 * loss chart (whose writing {@code llm distill} shares too).
 */
final class CorpusTrainingOptions {
    @Option(names = "--corpus", required = true, paramLabel = "FILE.jsonl", description = "Training corpus, one JSON object a line.")
    Path corpus;

    @Option(names = "--valid-fraction", defaultValue = "0.05", description = "Share of examples held out for the "
            + "validation loss, in [0, 1). Default: ${DEFAULT-VALUE}.")
    double validFraction;

    @Option(names = "--report", required = true, paramLabel = "R.json", description = "Report: sizes, speed, peak heap, "
            + "train_loss per logged step and valid_loss; the loss curve goes beside it as R.loss.png.")
    Path report;

    /** Checks the values, and that the report and the chart beside it can be written. */
    void check() {
        if (!(validFraction >= 0 && validFraction < 1)) {
            throw new BadInputException("--valid-fraction", 0, null, "expected a fraction in [0, 1), got " + validFraction);
        }
        Outputs.requireWritable(report, "--report");
        Outputs.requireWritable(chartPath(report), "--report");
    }

    Corpus read(long seed) {
        return Corpus.read(corpus, validFraction, seed);
    }

    /** The training sequences of {@code data}, or an error naming the corpus when it has none. */
    List<TrainingSequence> train(Tokenizer tokenizer, Corpus data, int context) {
        List<TrainingSequence> train = sequences(tokenizer, data.train(), context);
        if (train.isEmpty()) {
            throw new BadInputException(corpus, "has no training example");
        }
        return train;
    }

    /** The examples as sequences of at most {@code context} tokens, long ones as windows ({@link TrainingSequence#windows}). */
    static List<TrainingSequence> sequences(Tokenizer tokenizer, List<CorpusExample> examples, int context) {
        List<TrainingSequence> sequences = new ArrayList<>();
        for (CorpusExample example : examples) {
            sequences.addAll(TrainingSequence.windows(tokenizer, example, context));
        }
        return sequences;
    }

    /** Writes the report and the loss chart, and says on {@code out} what was written and how fast it trained. */
    void finish(TrainingReport result, Path model, String trained, PrintWriter out) {
        AtomicFiles.writeJson(report, result);
        lossChart(chartPath(report), result.preset(), result.losses());
        out.printf(Locale.ROOT, "wrote %s (%,d %s), %s and %s: %,d tokens at %,.0f tokens/s, valid loss %s, peak heap "
                        + "%,d MiB (activations %,d MiB)%n", model, result.parameters(), trained, report, chartPath(report),
                result.trainTokens(), result.tokensPerSecond(), result.finalValidLoss() == null ? "-"
                        : String.format(Locale.ROOT, "%.3f", result.finalValidLoss()), result.peakHeapBytes() >> 20,
                result.activationBytes() >> 20);
    }

    static void requirePositive(int value, String option) {
        if (value < 1) {
            throw new BadInputException(option, 0, null, "expected at least 1, got " + value);
        }
    }

    /** R.json → R.loss.png beside it. */
    static Path chartPath(Path report) {
        String file = report.getFileName().toString();
        String stem = file.endsWith(".json") ? file.substring(0, file.length() - 5) : file;
        return report.resolveSibling(stem + ".loss.png");
    }

    static void lossChart(Path chart, String name, List<LossPoint> losses) {
        double[] steps = losses.stream().mapToDouble(LossPoint::step).toArray();
        double[] train = losses.stream().mapToDouble(LossPoint::trainLoss).toArray();
        List<LossPoint> measured = losses.stream().filter(p -> p.validLoss() != null).toList();
        LineChart.png(chart, "Loss of " + name, "step", "cross-entropy (nats/token)", List.of(
                new LineChart.Series("train", steps, train),
                new LineChart.Series("valid", measured.stream().mapToDouble(LossPoint::step).toArray(),
                        measured.stream().mapToDouble(LossPoint::validLoss).toArray())));
    }
}
