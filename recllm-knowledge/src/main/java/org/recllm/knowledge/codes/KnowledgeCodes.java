package org.recllm.knowledge.codes;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.recllm.core.cluster.KMeansConfig;
import org.recllm.core.cluster.ResidualCodes;
import org.recllm.core.cluster.ResidualKMeans;
import org.recllm.core.io.BadInputException;
import org.recllm.knowledge.augment.KnowledgeVectors;
import org.recllm.knowledge.store.CodeRun;
import org.recllm.knowledge.store.EncodedEntry;
import org.recllm.knowledge.store.EntityType;
import org.recllm.knowledge.store.KnowledgeStore;

/**
 * Discrete codes of the knowledge vectors of items or users: residual k-means over each entity's preferred vector (the
 * one a model would be given), and per entity a suffix that tells apart entities with the same code tuple, so that
 * codes plus suffix are a semantic ID unique within the run.
 */
public final class KnowledgeCodes {
    /**
     * A fitted run, ready to store: entities by ascending id with their codes and suffixes; {@code energy} is the sum
     * of the squared norms of the vectors (what {@link CodeRun#inertia()} is relative to).
     */
    public record Result(CodeRun run, long[] entityIds, int[] codes, int[] suffixes, double energy, double seconds) {

        /** How many distinct code tuples the entities have. */
        public int distinctTuples() {
            return (int) Arrays.stream(suffixes).filter(suffix -> suffix == 0).count();
        }

        /** The most entities sharing one code tuple. */
        public int largestGroup() {
            return Arrays.stream(suffixes).max().orElse(-1) + 1;
        }
    }

    private KnowledgeCodes() {}

    /**
     * @param storeName how to name the store in errors
     * @param model     only this model's LLM texts (plus metadata fallbacks), or null for any model's
     */
    public static Result fit(KnowledgeStore store, String storeName, EntityType type, String encoderId, String model,
                             int levels, KMeansConfig config) {
        Map<Long, EncodedEntry> chosen = KnowledgeVectors.choose(store.encoded(type, encoderId), model);
        if (chosen.size() < config.k()) {
            throw new BadInputException(storeName, 0, null, "has " + chosen.size() + " " + type.label()
                    + " vectors from encoder '" + encoderId + "'; codes with k = " + config.k() + " need at least " + config.k()
                    + (chosen.isEmpty() ? "; encode the store first" : ""));
        }
        long[] ids = chosen.keySet().stream().mapToLong(Long::longValue).sorted().toArray();
        int dim = chosen.get(ids[0]).vector().length;
        float[] vectors = new float[ids.length * dim];
        double energy = 0;
        for (int i = 0; i < ids.length; i++) {
            float[] vector = chosen.get(ids[i]).vector();
            System.arraycopy(vector, 0, vectors, i * dim, dim);
            for (float v : vector) {
                energy += (double) v * v;
            }
        }
        long start = System.nanoTime();
        ResidualCodes codes = ResidualKMeans.fit(vectors, ids.length, dim, levels, config);
        double seconds = (System.nanoTime() - start) / 1e9;
        CodeRun run = new CodeRun(type, encoderId, model, levels, config.k(), dim, codes.codebooks(), codes.inertia());
        return new Result(run, ids, codes.codes(), suffixes(codes.codes(), levels), energy, seconds);
    }

    /** For each row (in order), how many earlier rows have the same {@code levels} codes. */
    static int[] suffixes(int[] codes, int levels) {
        int rows = codes.length / levels;
        int[] suffixes = new int[rows];
        Map<String, Integer> seen = new HashMap<>();
        for (int r = 0; r < rows; r++) {
            String tuple = Arrays.toString(Arrays.copyOfRange(codes, r * levels, (r + 1) * levels));
            suffixes[r] = seen.merge(tuple, 1, Integer::sum) - 1;
        }
        return suffixes;
    }
}
