package org.recllm.spark.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recllm.core.io.BadInputException;
import org.recllm.knowledge.backend.Completion;
import org.recllm.knowledge.backend.CompletionSink;
import org.recllm.knowledge.backend.FakeChatServer;
import org.recllm.knowledge.backend.GenerationSettings;
import org.recllm.knowledge.backend.LlmBackend;
import org.recllm.knowledge.prompt.EntityPrompt;
import org.recllm.knowledge.store.EntityType;
import org.recllm.knowledge.store.EntryKey;
import org.recllm.knowledge.store.KnowledgeStore;
import org.recllm.knowledge.store.StoreLocation;
import org.recllm.knowledge.store.StoredEntry;
import org.recllm.knowledge.testing.TestPostgres;
import org.recllm.llm.tokenizer.Message;

/**
 * Generation on executors into the shared store survives a task that dies half-way: its retry asks only what is
 * missing, and every prompt ends with exactly one stored answer.
 */
class DistributedGenerationTest {
    /** How many task attempts were killed, across the executor threads of this JVM. */
    private static final AtomicInteger KILLED = new AtomicInteger();
    private static SparkSession session;

    @BeforeAll
    static void startSpark() {
        // local[2,3]: two task threads, and a failed task is tried up to three times, as on a cluster.
        session = SparkSession.builder().master("local[2,3]").appName("recllm generation test")
                .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false").getOrCreate();
        session.sparkContext().setLogLevel("ERROR");
    }

    @AfterAll
    static void stopSpark() {
        session.stop();
    }

    /** Kills the first attempt of partition 0 after it stored two answers, as a lost executor would. */
    record KilledOnce(BackendFactory real) implements BackendFactory {
        @Override
        public LlmBackend open(int partition) {
            LlmBackend backend = real.open(partition);
            boolean doomed = partition == 0 && TaskContext.get() != null && TaskContext.get().attemptNumber() == 0;
            return new LlmBackend() {
                @Override
                public String modelId() {
                    return backend.modelId();
                }

                @Override
                public Completion chat(List<Message> conversation, GenerationSettings settings) {
                    return backend.chat(conversation, settings);
                }

                @Override
                public void chatAll(List<List<Message>> conversations, GenerationSettings settings, CompletionSink sink) {
                    AtomicInteger stored = new AtomicInteger();
                    backend.chatAll(conversations, settings, (index, completion) -> {
                        sink.accept(index, completion);
                        if (doomed && stored.incrementAndGet() == 2) {
                            KILLED.incrementAndGet();
                            throw new IllegalStateException("executor lost");
                        }
                    });
                }

                @Override
                public void close() {
                    backend.close();
                }
            };
        }
    }

    private static List<EntityPrompt> prompts() {
        List<EntityPrompt> prompts = new ArrayList<>();
        for (int item = 1; item <= 24; item++) {
            prompts.add(new EntityPrompt(EntityType.ITEM, item, "all", "Describe movie " + item + "."));
        }
        return prompts;
    }

    @Test
    void aTaskKilledHalfWayIsRetriedWithoutDuplicatingOrLosingAnAnswer() throws Exception {
        StoreLocation store = TestPostgres.freshSchema();
        try (FakeChatServer server = FakeChatServer.answering()) {
            BackendFactory backends = new KilledOnce(BackendFactory.openAi(List.of(server.baseUrl()), "fake-llm", null, 1));
            DistributedGeneration generation = new DistributedGeneration(
                    JavaSparkContext.fromSparkContext(session.sparkContext()), 3);
            GenerationSettings settings = new GenerationSettings(32, 0f, 1);
            DistributedGeneration.Totals totals = generation.run(store, prompts(), "movies", settings, backends);

            assertEquals(1, KILLED.get(), "one attempt was killed");
            assertEquals(22, totals.stored(), "the retry stored the 6 its first attempt had not; others stored 16");
            assertEquals(24, server.calls(), "each prompt asked once: the retry skipped the 2 the killed attempt had stored");
            try (KnowledgeStore knowledge = store.openExisting()) {
                List<StoredEntry> all = knowledge.entries(0, 100);
                assertEquals(24, all.size());
                Set<EntryKey> keys = new HashSet<>();
                for (StoredEntry entry : all) {
                    assertTrue(keys.add(entry.entry().key()));
                    assertEquals("Answer about: Describe movie " + entry.entry().key().entityId() + ".", entry.entry().answer());
                }
            }

            DistributedGeneration.Totals again = generation.run(store, prompts(), "movies", settings, backends);
            assertEquals(0, again.stored(), "a rerun asks nothing");
            assertEquals(24, server.calls());
        } finally {
            TestPostgres.drop(store);
        }
    }

    @Test
    void aSqliteFileIsRefusedBecauseExecutorsWriteAtOnce(@TempDir Path dir) {
        var error = assertThrows(BadInputException.class, () -> new DistributedGeneration(
                JavaSparkContext.fromSparkContext(session.sparkContext()), 2).run(StoreLocation.of(dir.resolve("k.db")),
                prompts(), "movies", new GenerationSettings(8, 0f, 1),
                BackendFactory.openAi(List.of(URI.create("http://127.0.0.1:9/v1")), "m", null, 1)));
        assertTrue(error.getMessage().contains("give a jdbc:postgresql:// URL"), error.getMessage());
    }
}
