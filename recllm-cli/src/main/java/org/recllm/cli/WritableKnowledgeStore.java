package org.recllm.cli;

import java.nio.file.Files;
import java.util.function.Function;
import org.recllm.knowledge.store.KnowledgeStore;
import org.recllm.knowledge.store.SqliteKnowledgeStore;
import org.recllm.knowledge.store.StoreLocation;

/**
 * A knowledge store opened by a command that writes to it. When the command fails and the store is a file it created
 * that still holds nothing, the file is removed again: a failed first import or generation leaves no empty file that
 * a later command would take for real knowledge. A store that existed, or got entries, is kept as it is; so are the
 * (empty) tables of a shared database, which other writers may be using.
 */
final class WritableKnowledgeStore {
    private WritableKnowledgeStore() {}

    static <T> T use(StoreLocation location, Function<KnowledgeStore, T> work) {
        boolean existed = !location.isFile() || Files.exists(location.file());
        KnowledgeStore store = location.open();
        T result;
        try {
            result = work.apply(store);
        } catch (RuntimeException | Error failure) {
            try {
                boolean empty = !existed && store.statistics().entries() == 0;
                store.close();
                if (empty) {
                    SqliteKnowledgeStore.delete(location.file());
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
