package org.recllm.llm.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.recllm.core.checkpoint.Checkpoint;
import org.recllm.core.io.AtomicFiles;
import org.recllm.core.io.BadInputException;
import org.recllm.core.ops.Elementwise;
import org.recllm.core.optim.LearningRateSchedule;
import org.recllm.core.optim.Optimizer;
import org.recllm.core.progress.Progress;
import org.recllm.core.tensor.Tape;
import org.recllm.core.tensor.Tensor;

/**
 * Trains a {@link TrainableDecoder} on token sequences by a {@link TrainingPlan}: AdamW on the token-mean loss of each
 * step's sequences, progress on the terminal (tokens/s, loss, ETA), the loss curve, and checkpoints from which a
 * stopped run resumes bit for bit (weights, optimizer moments, step; the data order follows from the step).
 */
public final class LanguageModelTrainer {
    static final String CHECKPOINT_MODEL = "recllm-llm-decoder";
    /**
     * The most logits one forward pass holds (64 MiB, as much again for their gradient): the sequences of a step go
     * through the decoder together up to this, so its products are as tall as the step allows.
     */
    static final long PASS_LOGITS = 1L << 24;

    private final TrainableDecoder decoder;
    private final TrainingPlan plan;
    private final String name;
    private final Path checkpoint;
    private final String run;
    private final Optimizer optimizer;
    private final Tape tape = new Tape();

    /** {@code name} labels the report (e.g. the preset); {@code checkpoint} is where resume points go, or null. */
    public LanguageModelTrainer(TrainableDecoder decoder, TrainingPlan plan, String name, Path checkpoint) {
        this(decoder, plan, name, checkpoint, "");
    }

    /**
     * As above, for a run that a resume point must also match on {@code run}: what the model's configuration and
     * the plan do not say (an adapter's scale and dropout, the base model, the corpus).
     */
    public LanguageModelTrainer(TrainableDecoder decoder, TrainingPlan plan, String name, Path checkpoint, String run) {
        this.decoder = decoder;
        this.plan = plan;
        this.name = name;
        this.checkpoint = checkpoint;
        this.run = run;
        this.optimizer = new Optimizer(decoder.parameters(), plan.optimizer());
    }

    /**
     * Trains to the plan's last step, or stops after {@code stopAfter} (saving a resume point), starting from the
     * checkpoint when {@code resume} is set and it exists.
     */
    public TrainingReport train(List<TrainingSequence> train, List<TrainingSequence> valid, boolean resume, int stopAfter) {
        if (train.isEmpty()) {
            throw new IllegalArgumentException("no training sequences");
        }
        ResumePoint at = resume && checkpoint != null && Files.exists(checkpoint) ? load()
                : new ResumePoint(0, 0, 0, List.of(), 0, 0);
        List<LossPoint> losses = new ArrayList<>(at.losses());
        long tokens = at.tokens();
        double seconds = at.seconds();
        double windowLoss = at.windowLoss();
        long windowTokens = at.windowTokens();
        DataOrder order = new DataOrder(train.size(), plan.seed());
        LearningRateSchedule schedule = plan.schedule();
        int perStep = plan.sequencesPerStep();
        int last = Math.min(plan.steps(), stopAfter);
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
        try (Progress progress = Progress.start("train " + name, "tokens",
                (long) ((last - at.step()) * perStep * meanForwardTokens(train)))) {
            for (int step = at.step() + 1; step <= last; step++) {
                long started = System.nanoTime();
                List<TrainingSequence> stepSequences = new ArrayList<>(perStep);
                for (int i = 0; i < perStep; i++) {
                    stepSequences.add(train.get(order.at((long) (step - 1) * perStep + i)));
                }
                long stepLossTokens = lossTokens(stepSequences);
                long stepTokens = 0;
                for (int first = 0; first < perStep; ) {
                    int end = passEnd(decoder, stepSequences, first);
                    List<TrainingSequence> pass = stepSequences.subList(first, end);
                    // Dropout's stream follows from the seed, step and slot alone, so a resumed run draws the same masks.
                    tape.reset().gradients(true).training(true).seed(dropoutSeed(step, first));
                    Tensor loss = decoder.loss(tape, pass);
                    long passLossTokens = lossTokens(pass);
                    windowLoss += (double) loss.item() * passLossTokens;
                    // Each pass's mean weighted by its share of the step's loss tokens: the step's token mean.
                    tape.backward(Elementwise.scale(tape, loss, (float) passLossTokens / stepLossTokens));
                    stepTokens += rows(pass);
                    first = end;
                }
                windowTokens += stepLossTokens;
                float rate = schedule.rate(step);
                optimizer.step(rate);
                tokens += stepTokens;
                seconds += (System.nanoTime() - started) / 1e9;
                progress.advance(stepTokens);
                boolean evaluate = step % plan.evalEvery() == 0 || step == plan.steps();
                if (evaluate || step % plan.logEvery() == 0) {
                    Double validLoss = evaluate && !valid.isEmpty() ? validLoss(valid) : null;
                    losses.add(new LossPoint(step, rate, windowLoss / windowTokens, validLoss));
                    progress.status(String.format(Locale.ROOT, "step %d/%d  loss %.3f%s  lr %.2e", step, plan.steps(),
                            windowLoss / windowTokens, validLoss == null ? "" : String.format(Locale.ROOT, "  valid %.3f", validLoss), rate));
                    windowLoss = 0;
                    windowTokens = 0;
                }
                boolean due = plan.checkpointEvery() > 0 && step % plan.checkpointEvery() == 0;
                if (checkpoint != null && (due || step == last)) {
                    save(new ResumePoint(step, tokens, seconds, losses, windowLoss, windowTokens));
                }
            }
        }
        Double finalValid = losses.isEmpty() || last < plan.steps() ? null : losses.getLast().validLoss();
        return new TrainingReport(name, decoder.parameters().count(), decoder.config().vocabulary(),
                decoder.config().contextLength(), train.size(), valid.size(), last, tokens, seconds,
                seconds > 0 ? tokens / seconds : 0, peakHeap(), tape.workspace().bytes() + decoder.blockWorkspaceBytes(),
                finalValid, losses);
    }

    private long dropoutSeed(int step, int slot) {
        return plan.seed() * 0x9E3779B97F4A7C15L + (long) step * plan.sequencesPerStep() + slot;
    }

    /** The token-mean loss over {@code sequences}, without gradients. */
    public double validLoss(List<TrainingSequence> sequences) {
        return meanLoss(decoder, tape, sequences);
    }

    /** The token-mean loss of {@code decoder} over {@code sequences}, without gradients, in passes on {@code tape}. */
    public static double meanLoss(TrainableDecoder decoder, Tape tape, List<TrainingSequence> sequences) {
        double total = 0;
        long count = 0;
        for (int first = 0; first < sequences.size(); ) {
            int end = passEnd(decoder, sequences, first);
            List<TrainingSequence> pass = sequences.subList(first, end);
            tape.reset().gradients(false).training(false); // no dropout in evaluation
            long passLossTokens = lossTokens(pass);
            total += (double) decoder.loss(tape, pass).item() * passLossTokens;
            count += passLossTokens;
            first = end;
        }
        return total / count;
    }

    /**
     * The end of the pass that starts at {@code first}: the sequences after it that share its adapter condition, while
     * their logits stay within {@link #PASS_LOGITS}; at least the first sequence whatever its length.
     */
    private static int passEnd(TrainableDecoder decoder, List<TrainingSequence> sequences, int first) {
        long limit = Math.max(1, PASS_LOGITS / decoder.config().vocabulary());
        long rows = sequences.get(first).predictions();
        int end = first + 1;
        while (end < sequences.size()
                && java.util.Arrays.equals(sequences.get(first).condition(), sequences.get(end).condition())
                && rows + sequences.get(end).predictions() <= limit) {
            rows += sequences.get(end).predictions();
            end++;
        }
        return end;
    }

    private static long lossTokens(List<TrainingSequence> sequences) {
        long tokens = 0;
        for (TrainingSequence sequence : sequences) {
            tokens += sequence.lossTokens();
        }
        return tokens;
    }

    /** Forward rows of {@code sequences}. */
    private static long rows(List<TrainingSequence> sequences) {
        long rows = 0;
        for (TrainingSequence sequence : sequences) {
            rows += sequence.predictions();
        }
        return rows;
    }

    private static double meanForwardTokens(List<TrainingSequence> sequences) {
        return sequences.stream().mapToInt(TrainingSequence::predictions).average().orElse(0);
    }

    private static long peakHeap() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(pool -> pool.getType() == MemoryType.HEAP)
                .mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
    }

    private void save(ResumePoint at) {
        try {
            Checkpoint.save(checkpoint, CHECKPOINT_MODEL, runDescription(), decoder.parameters(), optimizer,
                    Map.of(), AtomicFiles.JSON.writeValueAsString(at));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The model and the plan: a run resumes only under both, or the schedule and data order would silently change. */
    private String runDescription() {
        return run.isEmpty() ? decoder.config() + " " + plan : decoder.config() + " " + plan + " " + run;
    }

    private ResumePoint load() {
        Checkpoint.Header header = Checkpoint.load(checkpoint, CHECKPOINT_MODEL, decoder.parameters(), optimizer);
        if (header.note() == null || !runDescription().equals(header.config())) {
            throw new BadInputException(checkpoint, "is not a resume point of this model and plan; it holds " + header.config());
        }
        try {
            return AtomicFiles.JSON.readValue(header.note(), ResumePoint.class);
        } catch (JsonProcessingException e) {
            throw new BadInputException(checkpoint, "holds a resume point that does not parse: " + e.getOriginalMessage());
        }
    }
}
