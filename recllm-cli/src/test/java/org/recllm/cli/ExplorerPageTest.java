package org.recllm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recllm.core.io.AtomicFiles;
import org.recllm.knowledge.store.SqliteKnowledgeStore;
import org.recllm.serve.bundle.ModelBundle;
import org.recllm.serve.http.ExplorerServer;
import org.recllm.serve.ui.ExplorerData;

/** {@code serve ui}: the explorer's API and its page rendered by headless Chromium, with a screenshot. */
class ExplorerPageTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    @Test
    void thePageShowsAUsersHistoryAndBothModelsTopItems(@TempDir Path dir) throws Exception {
        Path samples = TinyMovieLens.prepared(dir);
        Path data = dir.resolve("data");
        Path store = dir.resolve("knowledge.db");
        assertEquals(0, CliRun.of("knowledge", "fallback", "--store", store.toString(), "--data", data.toString()).exitCode());
        assertEquals(0, CliRun.of("knowledge", "encode", "--store", store.toString()).exitCode());
        for (String[] run : List.of(new String[] {"plain"}, new String[] {"known", "--knowledge", store.toString(),
                "--knowledge-types", "item"})) {
            List<String> args = new java.util.ArrayList<>(List.of("train", "--samples", samples.toString(), "--model", "deepfm",
                    "--epochs", "2", "--batch", "128", "--save", dir.resolve(run[0]).toString()));
            args.addAll(List.of(run).subList(1, run.length));
            CliRun trained = CliRun.of(args.toArray(String[]::new));
            assertEquals(0, trained.exitCode(), trained.err());
        }
        Path report = dir.resolve("kar.json");
        Files.writeString(report, "{\"protocol\": \"ml100k-u1\", \"knowledge\": \"metadata\", \"runs\": [{\"model\": \"deepfm\", "
                + "\"gain_auc\": 0.0042, \"without\": {\"test_auc_mean\": 0.78}, \"with\": {\"test_auc_mean\": 0.7842}}]}");
        try (SqliteKnowledgeStore knowledge = SqliteKnowledgeStore.openExisting(store);
             ExplorerServer server = ExplorerServer.start(new ExplorerData(List.of(ModelBundle.load(dir.resolve("plain")),
                     ModelBundle.load(dir.resolve("known"))), data, knowledge, List.of(AtomicFiles.JSON.readTree(report.toFile()))),
                     "127.0.0.1", 0)) {
            String base = "http://127.0.0.1:" + server.port() + "/";
            HttpClient client = HttpClient.newHttpClient();
            JsonNode user = AtomicFiles.JSON.readTree(get(client, base + "api/users/7?n=5").body());
            assertEquals(2, user.get("rankings").size());
            assertTrue(user.get("history").size() > 0);
            assertNull(user.get("user_knowledge").textValue(), "the metadata fallback has no user texts");
            for (JsonNode ranking : user.get("rankings")) {
                assertEquals(5, ranking.get("items").size());
                JsonNode first = ranking.get("items").get(0);
                assertTrue(first.get("title").asText().startsWith("Movie "), first.toString());
                assertTrue(first.get("knowledge").asText().contains("Genres:"), first.toString());
                assertTrue(first.get("score").floatValue() >= ranking.get("items").get(4).get("score").floatValue());
            }
            assertTrue(!user.get("rankings").get(0).get("knowledge").asBoolean() && user.get("rankings").get(1).get("knowledge").asBoolean());
            assertEquals(404, get(client, base + "api/users/no-such-user").statusCode());
            assertEquals(400, get(client, base + "api/users/7?n=0").statusCode());

            boolean ci = "true".equals(System.getenv("CI"));
            assumeTrue(ci || Files.isExecutable(CHROMIUM), "Chromium is not installed (.ci/run installs it)");
            String dom = chromium(dir, "--dump-dom", base + "?user=7&n=5");
            assertTrue(dom.contains("data-ready=\"true\""), "the script ran to its end:\n" + dom);
            assertEquals(2, dom.split("class=\"recommendations\"", -1).length - 1, dom);
            assertTrue(dom.contains("deepfm with knowledge") && dom.contains("deepfm without knowledge"), dom);
            assertTrue(dom.contains("+0.0042 AUC"), "the report's chart:\n" + dom);
            Path png = dir.resolve("explorer.png");
            chromium(dir, "--screenshot=" + png, base + "?user=7&n=5");
            BufferedImage image = ImageIO.read(png.toFile());
            assertEquals(1280, image.getWidth());
            Set<Integer> colours = new HashSet<>();
            for (int y = 0; y < image.getHeight(); y += 7) {
                for (int x = 0; x < image.getWidth(); x += 7) {
                    colours.add(image.getRGB(x, y));
                }
            }
            assertTrue(colours.size() > 20, "a rendered page, not a blank one: " + colours.size() + " colours");
        }
    }

    private static HttpResponse<String> get(HttpClient client, String url) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Headless Chromium with the flags this closed network needs; returns what it printed. */
    private static String chromium(Path dir, String action, String url) throws Exception {
        Path profile = Files.createTempDirectory(dir, "chromium-");
        Process process = new ProcessBuilder(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile, "--window-size=1280,900", "--virtual-time-budget=10000",
                action, url).redirectErrorStream(false).start();
        byte[] out = process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "Chromium did not finish");
        return new String(out, StandardCharsets.UTF_8);
    }
}
