package org.recllm.knowledge.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recllm.core.progress.Progress;
import org.recllm.core.testing.SharedData;
import org.recllm.knowledge.generation.GenerationJob;
import org.recllm.knowledge.generation.GenerationReport;
import org.recllm.knowledge.prompt.EntityPrompt;
import org.recllm.knowledge.store.EntityType;
import org.recllm.knowledge.store.KnowledgeEntry;
import org.recllm.knowledge.store.KnowledgeStore;
import org.recllm.knowledge.store.SqliteKnowledgeStore;
import org.recllm.knowledge.store.StoredEntry;
import org.recllm.llm.LanguageModel;
import org.recllm.llm.tokenizer.Message;

/** The embedded engine on stories260K: a children's-story model, so the text is nonsense; the plumbing is what counts. */
class EmbeddedBackendTest {
    private static final GenerationSettings SETTINGS = new GenerationSettings(24, 0f, 1);

    @TempDir
    Path temp;

    private static List<EntityPrompt> prompts() {
        return IntStream.rangeClosed(1, 5).mapToObj(i -> new EntityPrompt(EntityType.ITEM, i, "tiny",
                "Introduce movie " + "Lily and the big red ball ".repeat(i).strip() + " and describe its attributes.")).toList();
    }

    private static List<KnowledgeEntry> generate(Path model, Path storeFile, int batchWidth) {
        try (EmbeddedBackend backend = EmbeddedBackend.open(model, batchWidth);
             KnowledgeStore store = SqliteKnowledgeStore.open(storeFile);
             Progress progress = Progress.toLog("generate", "entities", 5, new PrintStream(new ByteArrayOutputStream()))) {
            GenerationReport report = new GenerationJob(store, backend, "movies", SETTINGS, Pricing.FREE).run(prompts(), progress);
            assertEquals(5, report.generated());
            assertTrue(report.completionTokens() > 0);
            return store.entries(0, 100).stream().map(StoredEntry::entry).toList();
        }
    }

    @Test
    void answersWithTheEnginesTokenCounts() {
        Path model = SharedData.require("models/stories260K.gguf");
        List<Message> conversation = List.of(Message.user("Once upon a time"));
        try (EmbeddedBackend backend = EmbeddedBackend.open(model, 1); LanguageModel llm = LanguageModel.open(model)) {
            Completion completion = backend.chat(conversation, SETTINGS);
            assertEquals(llm.chatPrompt(conversation).length, completion.promptTokens());
            assertTrue(completion.completionTokens() > 0 && completion.completionTokens() <= 24, completion.toString());
            assertFalse(completion.text().isBlank());
            assertEquals("stories260K.gguf", backend.modelId());
        }
    }

    @Test
    void batchedGenerationStoresWhatSequentialGenerationStores() {
        Path model = SharedData.require("models/stories260K.gguf");
        List<KnowledgeEntry> sequential = generate(model, temp.resolve("one.db"), 1);
        List<KnowledgeEntry> batched = generate(model, temp.resolve("three.db"), 3);
        assertEquals(5, batched.size());
        for (KnowledgeEntry entry : batched) {
            KnowledgeEntry alone = sequential.stream().filter(e -> e.key().equals(entry.key())).findFirst().orElseThrow();
            assertEquals(alone.answer(), entry.answer(), "greedy answers do not depend on the batch");
            assertEquals(alone.promptTokens(), entry.promptTokens());
            assertEquals(alone.completionTokens(), entry.completionTokens());
            assertTrue(entry.promptTokens() > 10 && entry.completionTokens() > 0, entry.toString());
            assertEquals("stories260K.gguf", entry.key().modelId());
        }
    }

    @Test
    void aPromptLongerThanTheContextIsAClearFailure() {
        Path model = SharedData.require("models/stories260K.gguf");
        try (EmbeddedBackend backend = EmbeddedBackend.open(model, 2)) {
            List<List<Message>> conversations = List.of(List.of(Message.user("a short one")),
                    List.of(Message.user("Lily went to the park. ".repeat(400))));
            BackendException e = assertThrows(BackendException.class,
                    () -> backend.chatAll(conversations, SETTINGS, (index, completion) -> { }));
            assertEquals(1, e.conversation());
            assertTrue(e.getMessage().matches("the prompt has [0-9]+ tokens, and stories260K.gguf has a context of [0-9]+: "
                    + "no room for an answer"), e.getMessage());
        }
    }

    @Test
    void fitsSaysWhetherAnAnswerOfSoManyTokensStillFitsTheContext() {
        Path model = SharedData.require("models/stories260K.gguf");
        try (EmbeddedBackend backend = EmbeddedBackend.open(model, 1); LanguageModel llm = LanguageModel.open(model)) {
            List<Message> story = List.of(Message.user("Lily went to the park. ".repeat(10)));
            int promptTokens = llm.chatPrompt(story).length;
            int context = llm.config().contextLength();
            assertTrue(backend.fits(story, context - promptTokens), "exactly the room left");
            assertTrue(!backend.fits(story, context - promptTokens + 1), "one token more than the room left");
            assertTrue(!backend.fits(List.of(Message.user("Lily went to the park. ".repeat(400))), 1));
        }
    }
}
