package dev.proximity.store.jpa;

import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** Two stores on one SQLite file. */
class SqliteTwoStoresConcurrencyTest extends TwoStoresConcurrencyTest {

    @TempDir
    Path directory;

    @Override
    String freshStoreUrl() {
        return "jdbc:sqlite:" + directory.resolve("shared.db");
    }
}
