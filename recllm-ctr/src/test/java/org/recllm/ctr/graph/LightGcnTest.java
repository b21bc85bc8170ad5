package org.recllm.ctr.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.recllm.core.kernels.VectorMath;
import org.recllm.core.progress.Progress;

/**
 * Two communities: users 0–19 interact with items 0–9, users 20–39 with items 10–19 (each with 6 random items of
 * their side). LightGCN must learn it: BPR loss falls, and every user scores the unseen items of their own side above
 * those of the other.
 */
class LightGcnTest {

    private static InteractionGraph communities() {
        SplittableRandom random = new SplittableRandom(3);
        List<int[]> pairs = new ArrayList<>();
        for (int user = 0; user < 40; user++) {
            int side = user < 20 ? 0 : 10;
            for (int k = 0; k < 6; k++) {
                pairs.add(new int[] {user, side + random.nextInt(10)});
            }
        }
        return InteractionGraph.of(40, 20, pairs.stream().mapToInt(p -> p[0]).toArray(),
                pairs.stream().mapToInt(p -> p[1]).toArray());
    }

    @Test
    void theGraphIsNormalisedAndRemembersWhoInteracted() {
        InteractionGraph graph = InteractionGraph.of(2, 3, new int[] {0, 0, 1, 0}, new int[] {0, 2, 2, 0});
        assertEquals(3, graph.interactions(), "a repeated pair is one edge");
        assertTrue(graph.interacted(0, 2) && !graph.interacted(1, 0));
        // user 0 has degree 2, item 2 (node 4) degree 2: the entry is 1 / sqrt(2 · 2).
        float[] x = new float[5];
        x[4] = 1f;
        float[] out = new float[5];
        graph.propagation().multiplyAdd(x, 1, out);
        assertEquals(0.5f, out[0], 1e-6f);
        assertEquals((float) (1 / Math.sqrt(2)), out[1], 1e-6f, "user 1 has degree 1");
        assertEquals(0f, out[3], "item 1 is isolated");
        assertThrows(IllegalArgumentException.class, () -> InteractionGraph.of(1, 1, new int[] {0}, new int[] {1}));
    }

    @Test
    void learnsTheCommunities() {
        InteractionGraph graph = communities();
        LightGcn.Config config = new LightGcn.Config(16, 2, 40, 64, 0.01f, 1e-4f, 7);
        LightGcn.Result result;
        try (Progress progress = Progress.toLog("lightgcn", "triples", 40L * graph.interactions(),
                new PrintStream(OutputStream.nullOutputStream()))) {
            result = new LightGcn(graph, config).train(progress);
        }
        double[] losses = result.lossPerEpoch();
        assertTrue(losses[losses.length - 1] < 0.6 * losses[0], "BPR loss falls: " + java.util.Arrays.toString(losses));
        float[] e = result.embeddings();
        int dim = result.dim();
        int ordered = 0;
        int pairs = 0;
        for (int user = 0; user < 40; user++) {
            int own = user < 20 ? 0 : 10;
            int other = 10 - own;
            for (int a = 0; a < 10; a++) {
                for (int b = 0; b < 10; b++) {
                    if (graph.interacted(user, own + a)) {
                        continue;
                    }
                    float ownScore = VectorMath.dot(e, user * dim, e, (40 + own + a) * dim, dim);
                    float otherScore = VectorMath.dot(e, user * dim, e, (40 + other + b) * dim, dim);
                    ordered += ownScore > otherScore ? 1 : 0;
                    pairs++;
                }
            }
        }
        assertTrue(ordered > 0.95 * pairs, ordered + " of " + pairs + " unseen own-side items score above other-side ones");
        assertTrue(result.triplesPerSecond() > 0);
        assertFalse(Double.isNaN(losses[0]));
    }
}
