package org.recllm.knowledge.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;
import org.recllm.core.io.BadInputException;

/**
 * Where a knowledge store lives: a SQLite file, or a PostgreSQL database given by its JDBC URL
 * ({@code jdbc:postgresql://host:port/db?user=…&currentSchema=…}) where several machines share one store. Exactly one
 * of {@code file} and {@code jdbcUrl} is set.
 */
public record StoreLocation(Path file, String jdbcUrl) {
    private static final String POSTGRES_PREFIX = "jdbc:postgresql:";
    private static final Pattern PASSWORD = Pattern.compile("(?i)(password=)[^&\\s]*");
    /** {@code //user:secret@host}, the other place a URL may carry a password. */
    private static final Pattern USER_INFO = Pattern.compile("(//[^/:@\\s]+:)[^@/\\s]*@");

    public StoreLocation {
        if ((file == null) == (jdbcUrl == null)) {
            throw new IllegalArgumentException("a store location is a file or a JDBC URL");
        }
        if (jdbcUrl != null && !jdbcUrl.startsWith(POSTGRES_PREFIX)) {
            throw new BadInputException("--store", 0, null, "a JDBC store URL starts with " + POSTGRES_PREFIX
                    + " (PostgreSQL is the shared store); got " + redact(jdbcUrl));
        }
    }

    public static StoreLocation of(Path file) {
        return new StoreLocation(Objects.requireNonNull(file, "file"), null);
    }

    /** A JDBC URL ({@code jdbc:…}) or a file path. */
    public static StoreLocation parse(String text) {
        if (text == null || text.isBlank()) {
            throw new BadInputException("--store", 0, null, "expected a store file or a jdbc:postgresql:// URL, got nothing");
        }
        return text.startsWith("jdbc:") ? new StoreLocation(null, text) : of(Path.of(text));
    }

    public boolean isFile() {
        return file != null;
    }

    /** Whether a store is there: the file exists, or the database schema has the store's tables. */
    public boolean exists() {
        return isFile() ? Files.isRegularFile(file) : PostgresKnowledgeStore.exists(this);
    }

    /** Opens the store, creating it when absent. */
    public JdbcKnowledgeStore open() {
        return isFile() ? SqliteKnowledgeStore.open(file) : PostgresKnowledgeStore.open(this);
    }

    /** Opens an existing store; an absent one is an error telling how to make it. */
    public JdbcKnowledgeStore openExisting() {
        return isFile() ? SqliteKnowledgeStore.openExisting(file) : PostgresKnowledgeStore.openExisting(this);
    }

    /** The file path, or the URL with any password hidden: what messages and reports may show. */
    @Override
    public String toString() {
        return isFile() ? file.toString() : redact(jdbcUrl);
    }

    /** {@code text} with any URL password in it hidden: for messages that may quote a URL (a driver's errors do). */
    public static String redact(String text) {
        return text == null ? null : USER_INFO.matcher(PASSWORD.matcher(text).replaceAll("$1***")).replaceAll("$1***@");
    }
}
