package dev.proximity.store.jpa;

import dev.proximity.api.store.ProximityStore;
import dev.proximity.api.store.StoreContractTest;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The store contract against a fresh SQLite file per test. */
class SqliteStoreContractTest extends StoreContractTest {

    @TempDir
    Path directory;

    @Override
    protected ProximityStore openEmptyStore() {
        return JpaStore.open("jdbc:sqlite:" + directory.resolve("proximity.db"));
    }
}
