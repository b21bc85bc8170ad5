package org.recllm.knowledge.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.recllm.core.io.BadInputException;

class StoreLocationTest {
    @Test
    void pathsAreFilesAndPostgresUrlsAreDatabases() {
        assertEquals(Path.of("work/k.db"), StoreLocation.parse("work/k.db").file());
        StoreLocation shared = StoreLocation.parse("jdbc:postgresql://db:5432/recllm?user=r&password=p4ss&currentSchema=kar");
        assertEquals(null, shared.file());
        assertEquals("jdbc:postgresql://db:5432/recllm?user=r&password=***&currentSchema=kar", shared.toString());
        assertEquals("jdbc:postgresql://db:5432/recllm?user=r&password=p4ss&currentSchema=kar", shared.jdbcUrl());
    }

    @Test
    void otherDatabasesAndNothingAreRefused() {
        var error = assertThrows(BadInputException.class, () -> StoreLocation.parse("jdbc:mysql://db/recllm?password=x"));
        assertTrue(error.getMessage().contains("starts with jdbc:postgresql:"), error.getMessage());
        assertTrue(error.getMessage().contains("password=***"), error.getMessage());
        assertThrows(BadInputException.class, () -> StoreLocation.parse(" "));
    }

    @Test
    void passwordsAreHiddenWhereverAUrlCarriesOne() {
        assertEquals("jdbc:postgresql://r:***@db/recllm", StoreLocation.parse("jdbc:postgresql://r:s3cret@db/recllm").toString());
        assertEquals("error at //db:5432/x?password=*** (user ***)",
                StoreLocation.redact("error at //db:5432/x?password=s3cret (user ***)"));
        // The driver quotes a URL it cannot parse, password included; the store's message must not.
        var error = assertThrows(KnowledgeStoreException.class, () ->
                StoreLocation.parse("jdbc:postgresql://db:54a2/recllm?user=r&password=s3cret").open());
        assertTrue(!error.getMessage().contains("s3cret") && error.getMessage().contains("password=***"), error.getMessage());
    }
}
