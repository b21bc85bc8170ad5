package org.recllm.ctr.graph;

import java.util.Arrays;
import org.recllm.core.linalg.SparseMatrix;
import org.recllm.data.protocol.Split;
import org.recllm.data.schema.FieldRole;
import org.recllm.data.store.IntColumnView;
import org.recllm.data.store.SampleStore;
import org.recllm.data.store.SplitView;

/**
 * The user–item interaction graph of a training split, for graph collaborative filtering: one node per user id and
 * per item id of the vocabularies (users first, then items), one undirected edge per distinct (user, item) pair that
 * interacted, whatever the rating (an interaction is implicit feedback). Its propagation matrix is LightGCN's
 * symmetric normalisation D^-1/2 A D^-1/2 (isolated nodes, as padding and OOV, get zero rows).
 *
 * @param itemsOf per user, its items ascending: {@code itemsOf[userStart[u]..userStart[u + 1])}
 * @param usersOf the user of each interaction, beside {@code itemsOf}
 */
public record InteractionGraph(int users, int items, int[] userStart, int[] usersOf, int[] itemsOf,
                               SparseMatrix propagation) {

    /** The graph of {@code store}'s training split. */
    public static InteractionGraph of(SampleStore store) {
        SplitView train = store.split(Split.TRAIN);
        IntColumnView userColumn = train.ints(store.schema().requireIdField(FieldRole.USER_ID).name());
        IntColumnView itemColumn = train.ints(store.schema().requireIdField(FieldRole.ITEM_ID).name());
        int users = store.vocabulary(store.schema().requireIdField(FieldRole.USER_ID).vocabulary()).size();
        int items = store.vocabulary(store.schema().requireIdField(FieldRole.ITEM_ID).vocabulary()).size();
        int[] u = new int[train.rows()];
        int[] i = new int[train.rows()];
        for (int row = 0; row < train.rows(); row++) {
            u[row] = userColumn.get(row);
            i[row] = itemColumn.get(row);
        }
        return of(users, items, u, i);
    }

    /** The graph of interactions ({@code userOf[k]}, {@code itemOf[k]}) among {@code users} × {@code items} ids. */
    public static InteractionGraph of(int users, int items, int[] userOf, int[] itemOf) {
        int n = userOf.length;
        long[] pairs = new long[n];
        for (int k = 0; k < n; k++) {
            if (userOf[k] < 0 || userOf[k] >= users || itemOf[k] < 0 || itemOf[k] >= items) {
                throw new IllegalArgumentException("interaction " + k + " (user " + userOf[k] + ", item " + itemOf[k]
                        + ") is outside " + users + " users × " + items + " items");
            }
            pairs[k] = (long) userOf[k] * items + itemOf[k];
        }
        Arrays.sort(pairs);
        int distinct = 0;
        for (int k = 0; k < n; k++) {
            if (k == 0 || pairs[k] != pairs[k - 1]) {
                pairs[distinct++] = pairs[k];
            }
        }
        int[] userStart = new int[users + 1];
        int[] itemsOf = new int[distinct];
        int[] usersOf = new int[distinct];
        int[] rows = new int[2 * distinct];
        int[] cols = new int[2 * distinct];
        float[] ones = new float[2 * distinct];
        for (int k = 0; k < distinct; k++) {
            int user = (int) (pairs[k] / items);
            int item = (int) (pairs[k] % items);
            userStart[user + 1]++;
            itemsOf[k] = item;
            usersOf[k] = user;
            rows[2 * k] = user;
            cols[2 * k] = users + item;
            rows[2 * k + 1] = users + item;
            cols[2 * k + 1] = user;
            ones[2 * k] = 1f;
            ones[2 * k + 1] = 1f;
        }
        for (int user = 0; user < users; user++) {
            userStart[user + 1] += userStart[user];
        }
        int nodes = users + items;
        SparseMatrix adjacency = SparseMatrix.fromEntries(nodes, nodes, rows, cols, ones);
        float[] scale = new float[nodes];
        for (int node = 0; node < nodes; node++) {
            float degree = adjacency.rowSum(node);
            scale[node] = degree > 0 ? (float) (1 / Math.sqrt(degree)) : 0f;
        }
        return new InteractionGraph(users, items, userStart, usersOf, itemsOf, adjacency.scaled(scale, scale));
    }

    /** Distinct (user, item) interactions. */
    public int interactions() {
        return itemsOf.length;
    }

    public int nodes() {
        return users + items;
    }

    /** Whether {@code user} interacted with {@code item}. */
    public boolean interacted(int user, int item) {
        return Arrays.binarySearch(itemsOf, userStart[user], userStart[user + 1], item) >= 0;
    }
}
