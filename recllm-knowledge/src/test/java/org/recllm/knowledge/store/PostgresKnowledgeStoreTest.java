package org.recllm.knowledge.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.recllm.core.io.BadInputException;
import org.recllm.knowledge.testing.TestPostgres;

/** The store contract on a PostgreSQL server (a schema per test), and what is the shared store's own. */
class PostgresKnowledgeStoreTest extends KnowledgeStoreContract {

    @Override
    StoreLocation newLocation() {
        return TestPostgres.freshSchema();
    }

    @Override
    void sql(StoreLocation store, String statement) {
        TestPostgres.sql(store, statement);
    }

    @AfterEach
    void dropSchema() {
        if (location != null) {
            TestPostgres.drop(location);
        }
    }

    @Test
    void aSchemaWithOtherTablesIsRefused() {
        sql(location, "CREATE TABLE ratings (user_id INTEGER)");
        var error = assertThrows(BadInputException.class, () -> location.open());
        assertTrue(error.getMessage().contains("not a RecLLM knowledge store: the schema has the tables [ratings]"),
                error.getMessage());
    }

    @Test
    void aMissingSchemaIsNamedAndNothingIsCreatedElsewhere() {
        StoreLocation missing = StoreLocation.parse(TestPostgres.url() + (TestPostgres.url().contains("?") ? "&" : "?")
                + "currentSchema=no_such_schema_here");
        var error = assertThrows(BadInputException.class, missing::open);
        assertTrue(error.getMessage().contains("no schema of the name the URL's currentSchema gives"), error.getMessage());
    }

    @Test
    void anUnreachableServerIsNamedWithoutItsPassword() {
        StoreLocation nowhere = StoreLocation.parse("jdbc:postgresql://127.0.0.1:1/recllm?user=u&password=secret&connectTimeout=2");
        var error = assertThrows(KnowledgeStoreException.class, nowhere::open);
        assertTrue(error.getMessage().startsWith("jdbc:postgresql://127.0.0.1:1/recllm?user=u&password=***"), error.getMessage());
        assertFalse(error.getMessage().contains("secret"), error.getMessage());
    }

    /** Key columns sort bytewise as in SQLite, whatever the database's collation: '-' before '.' before digits. */
    @Test
    void textColumnsOrderAsSqliteDoes() {
        try (KnowledgeStore store = location.open()) {
            for (String model : List.of("b", "B", "a-1", "a.1", "a1")) {
                store.upsert(entry(EntityType.ITEM, 1, model, "x"));
            }
            assertEquals(List.of("B", "a-1", "a.1", "a1", "b"), store.statistics().groups().stream()
                    .map(KnowledgeStatistics.Group::modelId).toList());
        }
    }
}
