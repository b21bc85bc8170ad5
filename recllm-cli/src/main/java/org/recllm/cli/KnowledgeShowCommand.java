package org.recllm.cli;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.recllm.core.io.BadInputException;
import org.recllm.knowledge.store.EntityType;
import org.recllm.knowledge.store.KnowledgeEntry;
import org.recllm.knowledge.store.KnowledgeStore;
import org.recllm.knowledge.store.StoreLocation;
import org.recllm.knowledge.store.StoredEntry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code recllm knowledge show}: every entry about one user or item, with the encoders that have its vector. */
@Command(name = "show", mixinStandardHelpOptions = true, description = "Print the knowledge about one item or user.")
final class KnowledgeShowCommand implements Callable<Integer> {
    @Option(names = "--store", required = true, paramLabel = "FILE", description = "Knowledge store.")
    StoreLocation store;

    @Option(names = "--entity", required = true, paramLabel = "item|user", description = "Entity type.")
    String entity;

    @Option(names = "--id", required = true, paramLabel = "N", description = "Entity id.")
    long id;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        EntityType type;
        try {
            type = EntityType.parse(entity);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--entity", 0, null, e.getMessage());
        }
        var out = spec.commandLine().getOut();
        try (KnowledgeStore knowledge = store.openExisting()) {
            List<StoredEntry> entries = knowledge.entriesAbout(type, id);
            if (entries.isEmpty()) {
                throw new BadInputException(store.toString(), 0, null, "no knowledge about " + type.label() + " " + id);
            }
            for (StoredEntry stored : entries) {
                KnowledgeEntry entry = stored.entry();
                List<String> encoders = knowledge.encodersOf(stored.id());
                out.printf(Locale.ROOT, "== %s %d  scenario %s  model %s  window %s  (entry %d)%n", type.label(), id,
                        entry.key().scenario(), entry.key().modelId(), entry.key().timeWindow(), stored.id());
                out.printf(Locale.ROOT, "prompt: %s%n", entry.prompt());
                out.printf(Locale.ROOT, "tokens: %d prompt + %d completion, %d ms, created %s%n", entry.promptTokens(),
                        entry.completionTokens(), entry.latencyMs(), entry.createdAt());
                out.printf(Locale.ROOT, "vectors: %s%n%n", encoders.isEmpty() ? "none" : String.join(", ", encoders));
                out.println(entry.answer().strip());
                out.println();
            }
        }
        return 0;
    }
}
