package org.recllm.rank.tuning;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Function;
import org.recllm.core.io.AtomicFiles;
import org.recllm.core.io.BadInputException;
import org.recllm.llm.LanguageModel;
import org.recllm.llm.train.LanguageModelTrainer;
import org.recllm.llm.train.LossPoint;
import org.recllm.llm.train.TrainableAdapter;
import org.recllm.llm.train.TrainableDecoder;
import org.recllm.llm.train.TrainingPlan;
import org.recllm.llm.train.TrainingReport;
import org.recllm.llm.train.TrainingSequence;
import org.recllm.rank.scoring.ZeroShot;

/**
 * Instruction tuning of a ranker's adapter — one LoRA, or a RecLoRA bank with its router — with early stopping on
 * validation AUC: epochs over the instruction sequences (the base frozen, only the adapter trained, one cosine
 * schedule over the most epochs allowed), and after each epoch the adapter is written and the validation prompts are
 * scored with it loaded beside the base, as inference will run it. The best epoch's adapter is kept; training stops
 * after {@code patience} epochs without a better AUC.
 */
public final class LoraTuning {
    /** One epoch's figures (epoch 0: the base model before tuning). */
    public record Epoch(int epoch, int steps, @JsonProperty("train_loss") Double trainLoss,
                        @JsonProperty("valid_auc") double validAuc, @JsonProperty("valid_logloss") double validLogLoss,
                        @JsonProperty("train_seconds") double trainSeconds) {}

    public record Result(List<Epoch> epochs, @JsonProperty("best_epoch") int bestEpoch,
                         @JsonProperty("best_valid_auc") double bestValidAuc,
                         @JsonProperty("train_sequences") int trainSequences,
                         @JsonProperty("adapter_parameters") long adapterParameters,
                         @JsonProperty("train_tokens_per_s") double tokensPerSecond,
                         @JsonProperty("peak_heap_bytes") long peakHeapBytes) {}

    /** The tuning setting; {@code recomputeActivations}: see {@link TrainableDecoder#recomputeBlocks}. */
    public record Settings(int epochs, int patience, int sequencesPerStep, float learningRate, long seed,
                           boolean recomputeActivations) {
        public Settings {
            if (epochs < 1 || patience < 1 || sequencesPerStep < 1 || !(learningRate > 0)) {
                throw new IllegalArgumentException("epochs, patience and batch must be positive, and the rate > 0");
            }
        }
    }

    private LoraTuning() {}

    /**
     * What a stopped run resumes from, saved after every epoch: the run's key, the epochs done (epoch 0 is the base
     * model) and the early-stopping state.
     */
    record State(String key, List<Epoch> epochs, @JsonProperty("best_epoch") int bestEpoch, double best, int stale,
                 @JsonProperty("train_tokens_per_s") double tokensPerSecond,
                 @JsonProperty("peak_heap_bytes") long peakHeapBytes) {}

    static final String STATE = "tuning.json";
    /** The most steps between resume points. */
    private static final int CHECKPOINT_STEPS = 50;

    /**
     * Tunes {@code adapter}, or resumes the run that {@code work} holds: a run stopped at any point continues after its
     * last finished epoch (the trainer's resume point restores the adapter, optimizer and step bit for bit) and ends as
     * an uninterrupted one would.
     *
     * @param adapter    the fresh adapter to train (its parameters drawn from the run's seed)
     * @param name       the adapter's label in logs, reports and the file, e.g. "lora r8"
     * @param runKey     everything the run's result depends on; a work folder holding another key is refused
     * @param validate   scores the validation prompts with the base model plus the adapter at a path (null: the base alone)
     * @param adapterOut where the best adapter goes
     * @param work       the run's folder: resume point, each epoch's adapter, the epochs done
     */
    public static Result run(LanguageModel base, String baseName, Settings settings, TrainableAdapter adapter, String name,
                             String runKey, List<TrainingSequence> train, Function<Path, ZeroShot.Result> validate,
                             Path adapterOut, Path work, Consumer<String> log) {
        if (train.isEmpty()) {
            throw new IllegalArgumentException("no instruction sequences to train on");
        }
        TrainableDecoder decoder = TrainableDecoder.fromGguf(base.gguf(), adapter).recomputeBlocks(settings.recomputeActivations());
        int perEpoch = (train.size() + settings.sequencesPerStep() - 1) / settings.sequencesPerStep();
        int allSteps = perEpoch * settings.epochs();
        // One loss point per epoch (its own steps' mean), and resume points within epochs as well as at their ends.
        TrainingPlan plan = TrainingPlan.of(allSteps, settings.sequencesPerStep(), settings.learningRate(), settings.seed())
                .withEvalEvery(allSteps).withLogEvery(perEpoch).withCheckpointEvery(Math.max(1, Math.min(perEpoch, CHECKPOINT_STEPS)));
        LanguageModelTrainer trainer = new LanguageModelTrainer(decoder, plan, name, work.resolve("tuning.resume.ckpt"));
        State state = resumed(work, runKey);
        if (state == null) {
            ZeroShot.Result before = validate.apply(null);
            state = new State(runKey, List.of(new Epoch(0, 0, null, before.auc(), before.logLoss(), 0)), 0, before.auc(), 0, 0, 0);
            save(work, state);
            log.accept(String.format(Locale.ROOT, "epoch 0 (base model): valid AUC %.4f", before.auc()));
        } else {
            log.accept("resuming after epoch " + (state.epochs().size() - 1) + " from " + work);
        }
        for (int epoch = state.epochs().size(); epoch <= settings.epochs() && state.stale() < settings.patience(); epoch++) {
            TrainingReport report = trainer.train(train, List.of(), true, epoch * perEpoch);
            Path epochFile = epochFile(work, epoch);
            adapter.write(epochFile, "recllm ranker " + name + " of " + baseName + ", epoch " + epoch);
            ZeroShot.Result scored = validate.apply(epochFile);
            List<LossPoint> losses = report.losses();
            Double trainLoss = losses.isEmpty() ? null : losses.getLast().trainLoss();
            List<Epoch> epochs = new ArrayList<>(state.epochs());
            double before = epochs.stream().mapToDouble(Epoch::trainSeconds).sum();
            epochs.add(new Epoch(epoch, epoch * perEpoch, trainLoss, scored.auc(), scored.logLoss(), report.trainSeconds() - before));
            log.accept(String.format(Locale.ROOT, "epoch %d: train loss %s, valid AUC %.4f", epoch,
                    trainLoss == null ? "n/a" : String.format(Locale.ROOT, "%.4f", trainLoss), scored.auc()));
            boolean better = scored.auc() > state.best();
            state = new State(runKey, epochs, better ? epoch : state.bestEpoch(), Math.max(scored.auc(), state.best()),
                    better ? 0 : state.stale() + 1, report.tokensPerSecond(), report.peakHeapBytes());
            save(work, state);
        }
        if (state.bestEpoch() == 0) {
            log.accept("no epoch beat the base model on validation; the last epoch's adapter is written for inspection");
        }
        Path kept = epochFile(work, state.bestEpoch() > 0 ? state.bestEpoch() : state.epochs().size() - 1);
        AtomicFiles.write(adapterOut, out -> Files.copy(kept, out));
        return new Result(state.epochs(), state.bestEpoch(), state.best(), train.size(), adapter.parameters().count(),
                state.tokensPerSecond(), state.peakHeapBytes());
    }

    private static Path epochFile(Path work, int epoch) {
        return work.resolve("epoch-" + epoch + ".gguf");
    }

    /** The state {@code work} holds for this run, or null when it holds none; another run's state is refused. */
    private static State resumed(Path work, String runKey) {
        Path file = work.resolve(STATE);
        if (!Files.exists(file)) {
            return null;
        }
        State state = AtomicFiles.readJson(file, State.class, "tuning state", "is missing");
        if (!runKey.equals(state.key())) {
            List<String> was = List.of(state.key().split(" "));
            String differs = java.util.Arrays.stream(runKey.split(" ")).filter(part -> !was.contains(part))
                    .collect(java.util.stream.Collectors.joining(" "));
            throw new BadInputException(file, "holds a tuning run of another setting (this run has " + differs
                    + "); remove " + work + " to start over");
        }
        return state;
    }

    private static void save(Path work, State state) {
        AtomicFiles.writeJson(work.resolve(STATE), state);
    }
}
