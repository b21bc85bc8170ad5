package org.recllm.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import org.recllm.knowledge.store.SqliteKnowledgeStore;

/**
 * A knowledge store opened by a command that writes to it. When the command fails and the store is one it created
 * that still holds nothing, the store is removed again: a failed first import or generation leaves no empty file that
 * a later command would take for real knowledge. A store that existed, or got entries, is kept as it is.
 */
final class WritableKnowledgeStore {
    private WritableKnowledgeStore() {}

    static <T> T use(Path file, Function<SqliteKnowledgeStore, T> work) {
        boolean existed = Files.exists(file);
        SqliteKnowledgeStore store = SqliteKnowledgeStore.open(file);
        T result;
        try {
            result = work.apply(store);
        } catch (RuntimeException | Error failure) {
            try {
                boolean empty = !existed && store.statistics().entries() == 0;
                store.close();
                if (empty) {
                    SqliteKnowledgeStore.delete(file);
                }
            } catch (RuntimeException cleanup) {
                failure.addSuppressed(cleanup);
            }
            throw failure;
        }
        store.close();
        return result;
    }
}
