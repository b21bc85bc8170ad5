package org.recllm.spark;

import org.recllm.core.io.BadInputException;
import org.recllm.knowledge.store.StoreLocation;

/** Jobs whose executors write one knowledge store at once need a database, not a file on one machine. */
public final class SharedStores {
    private SharedStores() {}

    /** {@code location}'s JDBC URL; a SQLite file is refused, naming it. */
    public static String requireShared(StoreLocation location) {
        if (location.isFile()) {
            throw new BadInputException("--store", 0, null, "executors write the knowledge store at once: give a "
                    + "jdbc:postgresql:// URL, not the SQLite file " + location);
        }
        return location.jdbcUrl();
    }
}
