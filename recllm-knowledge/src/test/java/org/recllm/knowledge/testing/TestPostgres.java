package org.recllm.knowledge.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.recllm.knowledge.store.StoreLocation;

/**
 * The PostgreSQL server the shared-store tests run against: its JDBC URL is the {@value #VARIABLE} environment
 * variable ({@code scripts/test} starts a throwaway server and sets it). Each test gets a schema of its own. Without a
 * server the tests are skipped, except under {@code CI=true}, where they fail: CI must test the shared store.
 */
public final class TestPostgres {
    public static final String VARIABLE = "RECLLM_TEST_POSTGRES";
    private static final AtomicInteger SCHEMAS = new AtomicInteger();

    private TestPostgres() {}

    /** The server's database URL; skips the test, or fails it under {@code CI=true}, when none is configured. */
    public static String url() {
        String url = System.getenv(VARIABLE);
        if (url == null || url.isBlank()) {
            String missing = VARIABLE + " names no PostgreSQL server (scripts/postgres-server starts one)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("CI=true but " + missing + ": CI must test the shared store");
            }
            abort("skipped: " + missing);
        }
        return url;
    }

    /** A new, empty schema on the server, as the location of a store in it. */
    public static StoreLocation freshSchema() {
        String schema = "t" + ProcessHandle.current().pid() + "_" + System.nanoTime() + "_" + SCHEMAS.incrementAndGet();
        sql("CREATE SCHEMA " + schema);
        String url = url();
        return StoreLocation.parse(url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema);
    }

    /** Drops the schema of a location {@link #freshSchema} made, with everything in it. */
    public static void drop(StoreLocation location) {
        String url = location.jdbcUrl();
        sql("DROP SCHEMA " + url.substring(url.lastIndexOf("currentSchema=") + "currentSchema=".length()) + " CASCADE");
    }

    /** Runs one statement on the server's database. */
    public static void sql(String statement) {
        try (Connection connection = DriverManager.getConnection(url()); Statement run = connection.createStatement()) {
            run.execute(statement);
        } catch (SQLException e) {
            throw new IllegalStateException("test server: " + statement + ": " + e.getMessage(), e);
        }
    }

    /** Runs one statement in a store's schema. */
    public static void sql(StoreLocation location, String statement) {
        try (Connection connection = DriverManager.getConnection(location.jdbcUrl());
             Statement run = connection.createStatement()) {
            run.execute(statement);
        } catch (SQLException e) {
            throw new IllegalStateException("test server: " + statement + ": " + e.getMessage(), e);
        }
    }
}
