package org.recllm.knowledge.cluster;

import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.IntToLongFunction;
import org.recllm.core.io.BadInputException;
import org.recllm.core.kernels.VectorMath;
import org.recllm.core.progress.Progress;
import org.recllm.core.tensor.EmbeddingTable;
import org.recllm.ctr.features.FeatureLayout;
import org.recllm.ctr.graph.InteractionGraph;
import org.recllm.ctr.graph.LightGcn;
import org.recllm.ctr.models.CtrModel;
import org.recllm.data.protocol.Split;
import org.recllm.data.schema.FieldRole;
import org.recllm.data.schema.FieldSpec;
import org.recllm.data.schema.Schema;
import org.recllm.data.schema.Vocabulary;
import org.recllm.data.store.IntColumnView;
import org.recllm.data.store.SampleStore;
import org.recllm.data.store.SplitView;
import org.recllm.knowledge.store.EntityType;

/**
 * Vectors of users or items from collaborative signals alone, the input of cluster prompting: a trained CTR model's ID
 * embeddings ({@code cf}), LightGCN embeddings trained on the interaction graph ({@code lightgcn}), or a random
 * projection of the training interactions ({@code cooccurrence}): each item the
 * sum of the random ±1 signatures of the users who interacted with it (users alike, from their items), normalised —
 * by Johnson–Lindenstrauss (Achlioptas's sign projections), items with overlapping audiences get close vectors, in
 * O(interactions × dim) at any scale. The sums are not centred or weighted: popular counterparts weigh more, and at
 * 64 values two unrelated entities still show cosines of about ±0.125.
 */
public final class CollaborativeVectors {
    /** The source errors about the samples name, for a caller to report under its own option. */
    public static final String SOURCE_SAMPLES = "samples";
    /** The source errors about the model name. */
    public static final String SOURCE_MODEL = "model";
    public static final int MAX_DIM = 4096;

    private CollaborativeVectors() {}

    /** Every known user's or item's row of {@code model}'s ID embedding table (padding and OOV rows left out). */
    public static EntityVectors fromModel(CtrModel model, FeatureLayout layout, Schema schema,
                                          Function<String, Vocabulary> vocabularies, EntityType type,
                                          String source) {
        FieldSpec field = idField(schema, type);
        String tableName = "emb." + layout.field(field.name()).table();
        EmbeddingTable table = model.parameters().tables().get(tableName);
        if (table == null) {
            throw new BadInputException(SOURCE_MODEL, 0, null, "the model has no embedding table " + tableName + " for "
                    + field.name());
        }
        Vocabulary vocabulary = vocabularies.apply(field.vocabulary());
        int count = vocabulary.size() - Vocabulary.FIRST_ID;
        int dim = table.dim();
        long[] ids = new long[count];
        float[] values = new float[count * dim];
        for (int i = 0; i < count; i++) {
            ids[i] = entityId(vocabulary, Vocabulary.FIRST_ID + i, field);
            System.arraycopy(table.weights(), (Vocabulary.FIRST_ID + i) * dim, values, i * dim, dim);
        }
        return new EntityVectors(type, "cf", source, ids, dim, values);
    }

    /**
     * Users or items of the store's training split with at least one interaction, each the normalised sum of the
     * {@code dim}-wide ±1 signatures (drawn from {@code seed}) of its counterparts.
     */
    public static EntityVectors fromInteractions(SampleStore store, EntityType type, int dim, long seed) {
        SignatureSums sums = signatureSums(store, type, dim, seed, 0, store.split(Split.TRAIN).rows());
        FieldSpec own = idField(store.schema(), type);
        Vocabulary vocabulary = store.vocabulary(own.vocabulary());
        long[] ids = new long[sums.owners().length];
        float[] values = sums.sums();
        for (int i = 0; i < ids.length; i++) {
            ids[i] = entityId(vocabulary, sums.owners()[i], own);
            normalise(values, i * dim, dim);
        }
        return new EntityVectors(type, "cooccurrence", source(store), ids, dim, values);
    }

    /**
     * For the training rows {@code [from, to)}: each user or item seen there (by vocabulary id, ascending) and the sum
     * of its counterparts' signatures in those rows. Sums of ±1 are whole numbers, exact in floats up to 2^24, so for
     * entities with fewer interactions than that, sums over parts added in any order equal the sum over all rows: a
     * cluster job sums its parts on executors and gets {@link #fromInteractions}'s vectors bit for bit.
     */
    public static SignatureSums signatureSums(SampleStore store, EntityType type, int dim, long seed, int from, int to) {
        if (dim < 1 || dim > MAX_DIM) {
            throw new IllegalArgumentException("the projection width must be 1 to " + MAX_DIM + ", got " + dim);
        }
        Schema schema = store.schema();
        FieldSpec own = idField(schema, type);
        FieldSpec other = idField(schema, type == EntityType.USER ? EntityType.ITEM : EntityType.USER);
        SplitView train = store.split(Split.TRAIN);
        IntColumnView owners = train.ints(own.name());
        IntColumnView counterparts = train.ints(other.name());
        // Slots in order of first sight: the sums follow the entities in the range, not the vocabulary (4 bytes an id).
        int[] slotOf = new int[store.vocabulary(own.vocabulary()).size()];
        java.util.Arrays.fill(slotOf, -1);
        int slots = 0;
        float[] sums = new float[dim * 64];
        float[] signature = new float[dim];
        for (int row = from; row < to; row++) {
            int owner = owners.get(row);
            if (slotOf[owner] < 0) {
                slotOf[owner] = slots++;
                long needed = (long) slots * dim;
                if (needed > sums.length) {
                    if (needed > Integer.MAX_VALUE - 8) {
                        throw new IllegalArgumentException("more than " + (Integer.MAX_VALUE - 8) / dim + " entities of "
                                + dim + " values in one share of rows; give more shares (partitions) or a smaller --dim");
                    }
                    sums = java.util.Arrays.copyOf(sums, (int) Math.min(Integer.MAX_VALUE - 8, Math.max(needed, 2L * sums.length)));
                }
            }
            signature(counterparts.get(row), seed, signature);
            VectorMath.add(signature, 0, sums, slotOf[owner] * dim, dim);
        }
        int[] seen = new int[slots];
        float[] ordered = new float[slots * dim];
        int at = 0;
        for (int id = 0; id < slotOf.length; id++) {
            if (slotOf[id] >= 0) {
                seen[at] = id;
                System.arraycopy(sums, slotOf[id] * dim, ordered, at * dim, dim);
                at++;
            }
        }
        return new SignatureSums(seen, dim, ordered);
    }

    /**
     * Signature sums of some users or items: {@code owners} (vocabulary ids, ascending) and their sums
     * [owners × dim].
     */
    public record SignatureSums(int[] owners, int dim, float[] sums) {}

    /** Scales {@code values[offset, offset + dim)} to unit length (all zeros stay zeros). */
    public static void normalise(float[] values, int offset, int dim) {
        float norm = (float) Math.sqrt(VectorMath.sumOfSquares(values, offset, dim));
        for (int d = 0; d < dim; d++) {
            values[offset + d] = norm > 0 ? values[offset + d] / norm : 0;
        }
    }

    /** What {@code cooccurrence} vectors of {@code store} are made from, as a clustering run records it. */
    public static String source(SampleStore store) {
        return "samples " + store.contentId();
    }

    /**
     * Users or items of the store's training split with at least one interaction, each its embedding in a LightGCN
     * trained on the split's interaction graph with {@code config}.
     */
    public static EntityVectors fromLightGcn(SampleStore store, EntityType type, LightGcn.Config config,
                                             Progress progress) {
        InteractionGraph graph = InteractionGraph.of(store);
        LightGcn.Result result = new LightGcn(graph, config).train(progress);
        FieldSpec own = idField(store.schema(), type);
        Vocabulary vocabulary = store.vocabulary(own.vocabulary());
        boolean users = type == EntityType.USER;
        boolean[] seen = new boolean[vocabulary.size()];
        for (int k = 0; k < graph.interactions(); k++) {
            seen[users ? graph.usersOf()[k] : graph.itemsOf()[k]] = true;
        }
        int count = 0;
        for (boolean interacted : seen) {
            count += interacted ? 1 : 0;
        }
        int dim = result.dim();
        long[] ids = new long[count];
        float[] values = new float[count * dim];
        int at = 0;
        for (int id = 0; id < seen.length; id++) {
            if (seen[id]) {
                ids[at] = entityId(vocabulary, id, own);
                int node = users ? id : graph.users() + id;
                System.arraycopy(result.embeddings(), node * dim, values, at * dim, dim);
                at++;
            }
        }
        return new EntityVectors(type, "lightgcn", String.format(java.util.Locale.ROOT,
                "samples %s, %d layers, %d epochs, final BPR loss %.4f", store.contentId(), config.layers(),
                config.epochs(), result.lossPerEpoch().length == 0 ? Double.NaN
                        : result.lossPerEpoch()[result.lossPerEpoch().length - 1]), ids, dim, values);
    }

    /**
     * The ±1 signature of counterpart {@code id}, one random bit per value: the same for the same seed and id,
     * whatever the row order, and one random draw per 64 values.
     */
    private static void signature(int id, long seed, float[] out) {
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + id);
        long bits = 0;
        for (int d = 0; d < out.length; d++) {
            if ((d & 63) == 0) {
                bits = random.nextLong();
            }
            out[d] = (bits >>> (d & 63) & 1) == 0 ? -1f : 1f;
        }
    }

    private static FieldSpec idField(Schema schema, EntityType type) {
        FieldRole role = type == EntityType.USER ? FieldRole.USER_ID : FieldRole.ITEM_ID;
        return schema.idField(role).orElseThrow(() -> new BadInputException(SOURCE_SAMPLES, 0, null, "the samples have no "
                + role.name().toLowerCase(java.util.Locale.ROOT) + " field to cluster " + type.label() + "s by"));
    }

    /** Vocabulary ids of {@code type}'s id field to entity ids (a user's or item's number in the dataset). */
    public static IntToLongFunction entityIds(Schema schema, Function<String, Vocabulary> vocabularies, EntityType type) {
        FieldSpec field = idField(schema, type);
        Vocabulary vocabulary = vocabularies.apply(field.vocabulary());
        return id -> entityId(vocabulary, id, field);
    }

    private static long entityId(Vocabulary vocabulary, int id, FieldSpec field) {
        String value = vocabulary.value(id);
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new BadInputException(SOURCE_SAMPLES, 0, field.name(), "value '" + value + "' is not a numeric id; "
                    + "knowledge and clusters are keyed by numeric ids");
        }
    }
}
