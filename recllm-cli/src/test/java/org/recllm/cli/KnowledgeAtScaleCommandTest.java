package org.recllm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recllm.core.io.AtomicFiles;
import org.recllm.core.testing.SharedData;
import org.recllm.knowledge.store.EntityType;
import org.recllm.knowledge.store.SqliteKnowledgeStore;
import org.recllm.knowledge.store.StoredClusters;
import org.recllm.knowledge.store.StoredCodes;
import org.recllm.serve.bundle.ModelBundle;

/**
 * Knowledge at scale end to end on the tiny MovieLens: clusters → one prompt per cluster (asked of stories260K, or
 * fact texts as fallback) → encoded → residual codes and semantic IDs → models given item, cluster and code
 * knowledge, trained, compared and saved as a bundle that loads.
 */
class KnowledgeAtScaleCommandTest {

    @Test
    void clusterKnowledgeAndCodesReachTheModels(@TempDir Path dir) throws IOException {
        Path data = TinyMovieLens.write(dir.resolve("data"));
        Path samples = dir.resolve("samples");
        String store = dir.resolve("k.db").toString();
        assertEquals(0, CliRun.of("data", "prepare", "--data", data.toString(), "--out", samples.toString()).exitCode());
        assertEquals(0, CliRun.of("knowledge", "fallback", "--store", store, "--data", data.toString()).exitCode());
        for (String entities : List.of("users", "items")) {
            CliRun clustered = CliRun.of("knowledge", "cluster", "--store", store, "--samples", samples.toString(),
                    "--entities", entities, "--k", "3", "--batch", "0");
            assertEquals(0, clustered.exitCode(), clustered.err());
        }

        CliRun prompts = CliRun.of("knowledge", "prompts", "--data", data.toString(), "--per", "cluster", "--store", store);
        assertEquals(0, prompts.exitCode(), prompts.err());
        assertEquals(6, count(prompts.out(), "(?m)^=== (item|user)-cluster \\d+ "), "3 item and 3 user clusters: " + prompts.out());
        assertTrue(prompts.out().contains("tend to be chosen by the same users") && prompts.out().contains("rated by "),
                prompts.out());

        Path model = SharedData.require("models/stories260K.gguf");
        CliRun asked = CliRun.of("knowledge", "generate", "--store", store, "--data", data.toString(), "--per", "cluster",
                "--entities", "users", "--model", model.toString(), "--max-tokens", "8");
        assertEquals(0, asked.exitCode(), asked.err());
        Matcher fewer = Pattern.compile("3 cluster prompts in place of (\\d+) entity prompts").matcher(asked.out());
        assertTrue(fewer.find(), asked.out());
        assertTrue(Integer.parseInt(fewer.group(1)) > 3, asked.out());
        assertTrue(asked.out().contains("stored 3 answers"), asked.out());
        CliRun again = CliRun.of("knowledge", "generate", "--store", store, "--data", data.toString(), "--per", "cluster",
                "--entities", "users", "--model", model.toString(), "--max-tokens", "8");
        assertTrue(again.out().contains("0 of 3 prompts to ask (3 already stored)"), "a rerun resumes: " + again.out());

        CliRun facts = CliRun.of("knowledge", "fallback", "--store", store, "--data", data.toString(), "--per", "cluster");
        assertEquals(0, facts.exitCode(), facts.err());
        assertTrue(facts.out().contains("added fact texts for 3 of 6 clusters"), "item clusters only: " + facts.out());
        assertEquals(0, CliRun.of("knowledge", "encode", "--store", store).exitCode());

        Path codesReport = dir.resolve("codes.json");
        CliRun codes = CliRun.of("knowledge", "codes", "--store", store, "--entities", "items", "--levels", "2", "--k", "3",
                "--report", codesReport.toString());
        assertEquals(0, codes.exitCode(), codes.err());
        JsonNode run = AtomicFiles.JSON.readTree(codesReport.toFile()).get("runs").get(0);
        assertEquals(30, run.get("count").asInt());
        double first = run.get("relative_error_per_level").get(0).asDouble();
        double second = run.get("relative_error_per_level").get(1).asDouble();
        assertTrue(second < first && first < 1, "each level explains more: " + run);
        String someId;
        try (SqliteKnowledgeStore knowledge = SqliteKnowledgeStore.openExisting(Path.of(store))) {
            StoredCodes stored = knowledge.latestCodes(EntityType.ITEM).orElseThrow();
            assertEquals(30, stored.entityIds().length);
            assertEquals(30, java.util.stream.IntStream.range(0, 30).mapToObj(stored::semanticId).distinct().count(),
                    "semantic IDs are unique");
            someId = stored.semanticId(4);
            StoredClusters users = knowledge.latestClusters(EntityType.USER).orElseThrow();
            assertEquals(1, knowledge.entriesAbout(EntityType.USER_CLUSTER, users.clusterIds()[0]).size());
        }
        CliRun lookup = CliRun.of("knowledge", "codes", "--store", store, "--entities", "items", "--lookup", someId);
        assertEquals(0, lookup.exitCode(), lookup.err());
        assertTrue(lookup.out().contains(" " + someId + " "), lookup.out());
        assertEquals(3, lookup.out().strip().lines().count(), "a full ID names one item: " + lookup.out());

        Path report = dir.resolve("kar.json");
        CliRun kar = CliRun.of("experiment", "kar", "--samples", samples.toString(), "--knowledge", store,
                "--knowledge-types", "item,cluster,item-codes", "--models", "deepfm,din", "--seeds", "1", "--epochs", "2",
                "--batch", "128", "--report", report.toString());
        assertEquals(0, kar.exitCode(), kar.err());
        assertTrue(kar.out().matches("(?s).*user-cluster +\\d+ +\\d+ +0 +\\d+ +clusters v1.*"), kar.out());
        assertTrue(kar.out().matches("(?s).*item-cluster +30 +0 +30 +0 +clusters v2.*"), kar.out());
        assertTrue(kar.out().matches("(?s).*item-codes +30 +0 +0 +0 +codes v1 \\(2 levels × 3\\).*"), kar.out());
        assertEquals(2, AtomicFiles.JSON.readTree(report.toFile()).get("runs").size());

        Path bundle = dir.resolve("bundle");
        CliRun train = CliRun.of("train", "--samples", samples.toString(), "--model", "din", "--epochs", "1",
                "--knowledge", store, "--knowledge-types", "item,item-cluster,item-codes", "--save", bundle.toString());
        assertEquals(0, train.exitCode(), train.err());
        ModelBundle loaded = ModelBundle.load(bundle);
        assertEquals(List.of("item", "item-cluster", "item-codes"), loaded.layout().knowledge().stream()
                .map(org.recllm.ctr.features.KnowledgeInput::name).toList());
        assertEquals(3, loaded.layout().knowledge().get(2).codebook());
        assertEquals(2, loaded.layout().knowledge().get(2).dim());
    }

    @Test
    void clusterPromptsNeedClustersAndBadCodesRequestsNameTheOption(@TempDir Path dir) throws IOException {
        Path data = TinyMovieLens.write(dir.resolve("data"));
        String store = dir.resolve("k.db").toString();
        assertEquals(0, CliRun.of("knowledge", "fallback", "--store", store, "--data", data.toString()).exitCode());
        CliRun noClusters = CliRun.of("knowledge", "prompts", "--data", data.toString(), "--per", "cluster", "--store", store);
        assertEquals(2, noClusters.exitCode());
        assertTrue(noClusters.err().contains("--per") && noClusters.err().contains("no item clusters"), noClusters.err());
        CliRun per = CliRun.of("knowledge", "prompts", "--data", data.toString(), "--per", "group");
        assertEquals(2, per.exitCode());
        assertTrue(per.err().contains("--per: expected entity or cluster"), per.err());
        CliRun unencoded = CliRun.of("knowledge", "codes", "--store", store, "--entities", "items", "--k", "4");
        assertEquals(2, unencoded.exitCode());
        assertTrue(unencoded.err().contains("encode the store first"), unencoded.err());
        CliRun levels = CliRun.of("knowledge", "codes", "--store", store, "--levels", "0");
        assertEquals(2, levels.exitCode());
        assertTrue(levels.err().contains("--levels"), levels.err());
        CliRun lookup = CliRun.of("knowledge", "codes", "--store", store, "--lookup", "1-%");
        assertEquals(2, lookup.exitCode());
        assertTrue(lookup.err().contains("--lookup"), lookup.err());
        Path samples = TinyMovieLens.prepared(dir.resolve("prepared"));
        CliRun types = CliRun.of("train", "--samples", samples.toString(), "--model", "deepfm", "--knowledge", store,
                "--knowledge-types", "groups");
        assertEquals(2, types.exitCode());
        assertTrue(types.err().contains("--knowledge-types: expected cluster, codes or one of item, user"), types.err());
    }

    private static int count(String text, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        int found = 0;
        while (matcher.find()) {
            found++;
        }
        return found;
    }
}
