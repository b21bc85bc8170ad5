package org.recllm.rank.tuning;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.recllm.core.io.AtomicFiles;
import org.recllm.llm.LanguageModel;
import org.recllm.llm.lora.LoraAdapterFile;
import org.recllm.llm.lora.LoraConfig;
import org.recllm.llm.lora.TrainableLora;
import org.recllm.llm.train.LanguageModelTrainer;
import org.recllm.llm.train.LossPoint;
import org.recllm.llm.train.TrainableDecoder;
import org.recllm.llm.train.TrainingPlan;
import org.recllm.llm.train.TrainingReport;
import org.recllm.llm.train.TrainingSequence;
import org.recllm.rank.scoring.ZeroShot;

/**
 * LoRA instruction tuning of a ranker with early stopping on validation AUC: epochs over the instruction sequences
 * (the base frozen, only the adapter trained, one cosine schedule over the most epochs allowed), and after each epoch
 * the adapter is written and the validation prompts are scored with it loaded beside the base, as inference will run
 * it. The best epoch's adapter is kept; training stops after {@code patience} epochs without a better AUC.
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

    /** The tuning setting. */
    public record Settings(LoraConfig lora, int epochs, int patience, int sequencesPerStep, float learningRate, long seed) {
        public Settings {
            if (epochs < 1 || patience < 1 || sequencesPerStep < 1 || !(learningRate > 0)) {
                throw new IllegalArgumentException("epochs, patience and batch must be positive, and the rate > 0");
            }
        }
    }

    private LoraTuning() {}

    /**
     * @param validate scores the validation prompts with the base model plus the adapter at a path (null: the base alone)
     * @param adapterOut where the best adapter goes
     * @param work       a folder for the trainer's resume point and each epoch's adapter
     */
    public static Result run(LanguageModel base, String baseName, Settings settings, List<TrainingSequence> train,
                             Function<Path, ZeroShot.Result> validate, Path adapterOut, Path work, Consumer<String> log) {
        if (train.isEmpty()) {
            throw new IllegalArgumentException("no instruction sequences to train on");
        }
        String architecture = base.gguf().metadata().string("general.architecture");
        TrainableLora lora = new TrainableLora(base.config(), architecture, settings.lora(), settings.seed());
        TrainableDecoder decoder = TrainableDecoder.fromGguf(base.gguf(), lora);
        int perEpoch = (train.size() + settings.sequencesPerStep() - 1) / settings.sequencesPerStep();
        int allSteps = perEpoch * settings.epochs();
        TrainingPlan plan = TrainingPlan.of(allSteps, settings.sequencesPerStep(), settings.learningRate(), settings.seed())
                .withEvalEvery(allSteps);
        String name = "rank lora r" + settings.lora().rank();
        Path resume = work.resolve("tuning.resume.ckpt");
        LanguageModelTrainer trainer = new LanguageModelTrainer(decoder, plan, name, resume);
        List<Epoch> epochs = new ArrayList<>();
        ZeroShot.Result before = validate.apply(null);
        epochs.add(new Epoch(0, 0, null, before.auc(), before.logLoss(), 0));
        log.accept(String.format(java.util.Locale.ROOT, "epoch 0 (base model): valid AUC %.4f", before.auc()));
        double best = before.auc();
        int bestEpoch = 0;
        int stale = 0;
        TrainingReport report = null;
        for (int epoch = 1; epoch <= settings.epochs() && stale < settings.patience(); epoch++) {
            report = trainer.train(train, List.of(), epoch > 1, epoch * perEpoch);
            Path adapter = work.resolve("epoch-" + epoch + ".gguf");
            LoraAdapterFile.write(lora.adapter(), "recllm " + name + " of " + baseName + ", epoch " + epoch, adapter);
            ZeroShot.Result scored = validate.apply(adapter);
            List<LossPoint> losses = report.losses();
            Double trainLoss = losses.isEmpty() ? null : losses.getLast().trainLoss();
            epochs.add(new Epoch(epoch, epoch * perEpoch, trainLoss, scored.auc(), scored.logLoss(), report.trainSeconds()));
            log.accept(String.format(java.util.Locale.ROOT, "epoch %d: train loss %s, valid AUC %.4f", epoch,
                    trainLoss == null ? "n/a" : String.format(java.util.Locale.ROOT, "%.4f", trainLoss), scored.auc()));
            if (scored.auc() > best) {
                best = scored.auc();
                bestEpoch = epoch;
                stale = 0;
                copy(adapter, adapterOut);
            } else {
                stale++;
            }
        }
        if (bestEpoch == 0) {
            log.accept("no epoch beat the base model on validation; the last epoch's adapter is written for inspection");
            copy(work.resolve("epoch-" + (epochs.size() - 1) + ".gguf"), adapterOut);
        }
        return new Result(epochs, bestEpoch, best, train.size(), lora.parameters().count(),
                report == null ? 0 : report.tokensPerSecond(), report == null ? 0 : report.peakHeapBytes());
    }

    private static void copy(Path from, Path to) {
        AtomicFiles.write(to, out -> Files.copy(from, out));
    }
}
