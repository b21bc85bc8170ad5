package org.recllm.ctr.graph;

import java.util.Locale;
import java.util.SplittableRandom;
import org.recllm.core.nn.ParameterSet;
import org.recllm.core.ops.Elementwise;
import org.recllm.core.ops.Losses;
import org.recllm.core.ops.Reductions;
import org.recllm.core.ops.Shaping;
import org.recllm.core.ops.SparseProducts;
import org.recllm.core.optim.Optimizer;
import org.recllm.core.optim.OptimizerConfig;
import org.recllm.core.progress.Progress;
import org.recllm.core.tensor.Tape;
import org.recllm.core.tensor.Tensor;

/**
 * LightGCN (He et al., 2020) on the tensor core: one trainable embedding per user and item node, propagated
 * {@code layers} times through the graph's normalised adjacency with no weights or non-linearity, the final
 * embedding the mean of all layers; trained with the BPR loss on (user, interacted item, random other item) triples
 * plus L2 on the triples' layer-0 embeddings. Every step propagates the whole graph, forward and backward, as the
 * reference implementation does.
 */
public final class LightGcn {
    /**
     * @param regularization the L2 weight on the batch's layer-0 embeddings (mean over the batch)
     */
    public record Config(int dim, int layers, int epochs, int batch, float learningRate, float regularization, long seed) {
        public Config {
            if (dim < 1 || layers < 0 || epochs < 0 || batch < 1 || !(learningRate > 0) || regularization < 0) {
                throw new IllegalArgumentException("LightGCN needs dim ≥ 1, layers ≥ 0, epochs ≥ 0, batch ≥ 1, a positive "
                        + "learning rate and a non-negative regularization");
            }
        }

        /** The LightGCN paper's setting: 64 values, 3 layers, batch 2048, Adam 0.001, L2 1e-4. */
        public static Config defaults() {
            return new Config(64, 3, 20, 2048, 1e-3f, 1e-4f, 1);
        }
    }

    /**
     * The trained embeddings, nodes × dim (users first, then items), the mean BPR loss per epoch, and the training
     * rate in triples per second.
     */
    public record Result(float[] embeddings, int dim, double[] lossPerEpoch, double triplesPerSecond) {}

    private final InteractionGraph graph;
    private final Config config;
    private final ParameterSet parameters;
    private final Tensor layer0;
    private final Optimizer optimizer;
    private final Tape tape = new Tape();
    private final int[] users;
    private final int[] positives;
    private final int[] negatives;
    private final float[] ones;
    /** The items with at least one interaction: what negatives are drawn from. */
    private final int[] activeItems;

    public LightGcn(InteractionGraph graph, Config config) {
        if (graph.interactions() == 0) {
            throw new IllegalArgumentException("the interaction graph has no edges to train on");
        }
        this.graph = graph;
        this.config = config;
        this.parameters = new ParameterSet(config.seed());
        this.layer0 = parameters.normal("lightgcn.embedding", 0.1f, graph.nodes(), config.dim());
        this.optimizer = new Optimizer(parameters, OptimizerConfig.adam(config.learningRate()));
        this.users = new int[config.batch()];
        this.positives = new int[config.batch()];
        this.negatives = new int[config.batch()];
        this.ones = new float[config.batch()];
        java.util.Arrays.fill(ones, 1f);
        this.activeItems = java.util.Arrays.stream(graph.itemsOf()).distinct().sorted().toArray();
    }

    /** Trains {@code config.epochs()} passes over the interactions, each interaction once per epoch in random order. */
    public Result train(Progress progress) {
        SplittableRandom random = new SplittableRandom(config.seed());
        int n = graph.interactions();
        int[] order = new int[n];
        for (int k = 0; k < n; k++) {
            order[k] = k;
        }
        double[] losses = new double[config.epochs()];
        long started = System.nanoTime();
        for (int epoch = 0; epoch < config.epochs(); epoch++) {
            shuffle(order, random);
            double sum = 0;
            int steps = 0;
            for (int from = 0; from < n; from += config.batch()) {
                int count = Math.min(config.batch(), n - from);
                for (int b = 0; b < count; b++) {
                    int k = order[from + b];
                    users[b] = graph.usersOf()[k];
                    positives[b] = graph.users() + graph.itemsOf()[k];
                    negatives[b] = graph.users() + negative(users[b], random);
                }
                sum += step(count);
                steps++;
                progress.advance(count);
            }
            losses[epoch] = sum / steps;
            progress.status(String.format(Locale.ROOT, "epoch %d loss %.4f", epoch + 1, losses[epoch]));
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        return new Result(embeddings(), config.dim(), losses,
                seconds > 0 ? (double) n * config.epochs() / seconds : 0);
    }

    /**
     * {@code steps} training steps on batches of interactions drawn uniformly (with replacement), each with a
     * negative: for timing a fixed amount of work on a graph too large to pass over. Returns the mean BPR loss.
     */
    public double runSteps(int steps, SplittableRandom random) {
        double sum = 0;
        for (int s = 0; s < steps; s++) {
            for (int b = 0; b < config.batch(); b++) {
                int k = random.nextInt(graph.interactions());
                users[b] = graph.usersOf()[k];
                positives[b] = graph.users() + graph.itemsOf()[k];
                negatives[b] = graph.users() + negative(users[b], random);
            }
            sum += step(config.batch());
        }
        return steps == 0 ? 0 : sum / steps;
    }

    /** The final embeddings under the current weights (the mean over the propagation layers). */
    public float[] embeddings() {
        tape.reset().gradients(false);
        float[] out = propagate(tape).toArray();
        tape.gradients(true);
        return out;
    }

    private double step(int count) {
        tape.reset();
        Tensor all = propagate(tape);
        Tensor u = Shaping.gatherRows(tape, all, users, count);
        Tensor p = Shaping.gatherRows(tape, all, positives, count);
        Tensor q = Shaping.gatherRows(tape, all, negatives, count);
        Tensor margin = Reductions.sum(tape, Elementwise.mul(tape, u, Elementwise.sub(tape, p, q)), 1);
        Tensor bpr = Losses.bceWithLogits(tape, margin, ones);
        Tensor loss = bpr;
        if (config.regularization() > 0) {
            Tensor e0 = Shaping.concat(tape, java.util.List.of(Shaping.gatherRows(tape, layer0, users, count),
                    Shaping.gatherRows(tape, layer0, positives, count), Shaping.gatherRows(tape, layer0, negatives, count)), 0);
            Tensor l2 = Elementwise.scale(tape, Reductions.sum(tape, Elementwise.mul(tape, e0, e0)),
                    config.regularization() / (2f * count));
            loss = Elementwise.add(tape, bpr, l2);
        }
        tape.backward(loss);
        optimizer.step(config.learningRate());
        return bpr.item();
    }

    private Tensor propagate(Tape t) {
        Tensor layer = layer0;
        Tensor sum = layer0;
        for (int l = 0; l < config.layers(); l++) {
            layer = SparseProducts.multiply(t, graph.propagation(), layer);
            sum = Elementwise.add(t, sum, layer);
        }
        return config.layers() == 0 ? sum : Elementwise.scale(t, sum, 1f / (config.layers() + 1));
    }

    /**
     * A random interacted-with item the user did not interact with (any such item, after a few tries, for a user who
     * interacted with nearly all).
     */
    private int negative(int user, SplittableRandom random) {
        int item = 0;
        for (int attempt = 0; attempt < 20; attempt++) {
            item = activeItems[random.nextInt(activeItems.length)];
            if (!graph.interacted(user, item)) {
                return item;
            }
        }
        return item;
    }

    private static void shuffle(int[] order, SplittableRandom random) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
    }
}
