package org.recllm.ctr.alignment;

import java.util.Locale;
import java.util.function.Consumer;
import org.recllm.core.ops.Elementwise;
import org.recllm.core.optim.Optimizer;
import org.recllm.core.optim.OptimizerConfig;
import org.recllm.core.progress.Progress;
import org.recllm.core.tensor.Tape;
import org.recllm.core.tensor.Tensor;
import org.recllm.ctr.features.Batch;
import org.recllm.ctr.features.BatchLoader;
import org.recllm.ctr.features.FeatureLayout;
import org.recllm.ctr.inputs.InputEmbedding;
import org.recllm.ctr.models.CtrModel;
import org.recllm.ctr.train.EpochOrder;
import org.recllm.ctr.train.Pretraining;
import org.recllm.data.protocol.Split;
import org.recllm.data.store.SampleStore;

/**
 * CTRL's stage 1: the backbone's field embeddings of each training row are aligned with the frozen text encoder's view
 * of the same row, contrastively against the other rows of its batch. Only the backbone's input layer receives
 * gradients (the interaction layers are not on the path); the projection head is dropped afterwards, so the model
 * that stage 2 fine-tunes and that is served is the plain backbone. Each epoch's shuffle derives from the seed and the
 * epoch alone, so a seed's aligned weights are reproducible.
 */
public final class ContrastiveAlignment implements Pretraining {
    /** What one stage 1 did, for logs and reports. */
    public record Summary(int epochs, double[] lossPerEpoch, double seconds, long samples) {
        public double samplesPerSecond() {
            return samples / seconds;
        }
    }

    private final SampleStore store;
    private final FeatureLayout layout;
    private final AlignmentTexts texts;
    private final AlignmentConfig config;
    private final OptimizerConfig optimizer;
    private final Consumer<String> log;
    private Summary last;

    /**
     * @param texts     the language view of every row of the store's training split, in row order
     * @param optimizer the optimizer and learning rate of stage 1 (CTRL uses the supervised stage's)
     */
    public ContrastiveAlignment(SampleStore store, FeatureLayout layout, AlignmentTexts texts, AlignmentConfig config,
                                OptimizerConfig optimizer, Consumer<String> log) {
        int rows = store.split(Split.TRAIN).rows();
        if (texts.rows() != rows) {
            throw new IllegalArgumentException("the alignment texts cover " + texts.rows() + " rows, the training split has " + rows);
        }
        this.store = store;
        this.layout = layout;
        this.texts = texts;
        this.config = config;
        this.optimizer = optimizer;
        this.log = log;
    }

    @Override
    public String name() {
        return "ctrl";
    }

    @Override
    public String key() {
        return "ctrl(" + config + " optimizer=" + optimizer + " texts=" + texts.fingerprint() + ")";
    }

    public AlignmentConfig config() {
        return config;
    }

    /** The summary of the latest {@link #run}, or null before any. */
    public Summary lastSummary() {
        return last;
    }

    @Override
    public void run(CtrModel model, long seed, String label) {
        InputEmbedding input = model.inputEmbedding();
        if (input == null) {
            throw new IllegalArgumentException("CTRL aligns a model's field embeddings; " + label + " has none");
        }
        BatchLoader train = new BatchLoader(store.split(Split.TRAIN), layout);
        Batch batch = new Batch(layout, config.batchSize());
        AlignmentHead head = new AlignmentHead(seed, input.fieldCount(), input.dim(), texts, config);
        Optimizer modelSteps = new Optimizer(model.parameters(), optimizer);
        Optimizer headSteps = new Optimizer(head.parameters(), optimizer);
        Tape tape = new Tape().seed(seed);
        int[] order = new int[train.rows()];
        double[] losses = new double[config.epochs()];
        double seconds = 0;
        float scale = 1f / config.accumulation();
        // A last batch of one row has no negative to contrast with: it is left out, and the step before it is the last.
        int usable = train.rows() % config.batchSize() == 1 ? train.rows() - 1 : train.rows();
        for (int epoch = 1; epoch <= config.epochs(); epoch++) {
            EpochOrder.shuffle(order, seed * 0x5DEECE66DL + epoch);
            double lossSum = 0;
            int batches = 0;
            try (Progress progress = Progress.start(label + " alignment epoch " + epoch, "samples", usable)) {
                for (int from = 0; from < usable; from += config.batchSize()) {
                    int count = Math.min(config.batchSize(), usable - from);
                    train.fill(batch, order, from, count);
                    tape.reset().gradients(true).training(true);
                    Tensor loss = head.loss(tape, input.fields(tape, batch), batch.rows());
                    lossSum += loss.item();
                    tape.backward(config.accumulation() == 1 ? loss
                            : Elementwise.scale(tape, loss, scale));
                    if (++batches % config.accumulation() == 0 || from + count >= usable) {
                        modelSteps.step(optimizer.learningRate());
                        headSteps.step(optimizer.learningRate());
                    }
                    progress.advance(count);
                    progress.status(String.format(Locale.ROOT, "contrastive loss %.4f", lossSum / batches));
                }
                seconds += progress.seconds();
            }
            losses[epoch - 1] = lossSum / batches;
        }
        last = new Summary(config.epochs(), losses, seconds, (long) config.epochs() * usable);
        log.accept(String.format(Locale.ROOT, "%s: aligned in %d epoch(s), contrastive loss %.4f → %.4f, %,.0f samples/s",
                label, config.epochs(), losses[0], losses[losses.length - 1], last.samplesPerSecond()));
    }
}
