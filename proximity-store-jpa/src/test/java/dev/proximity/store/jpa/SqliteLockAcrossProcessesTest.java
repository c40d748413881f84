package dev.proximity.store.jpa;

import dev.proximity.api.store.StoreLockAcrossProcessesTest;

/** Store locks across JVMs on one SQLite file. */
class SqliteLockAcrossProcessesTest extends StoreLockAcrossProcessesTest {

    @Override
    protected String storeUrl() {
        return "jdbc:sqlite:" + directory.resolve("proximity.db");
    }
}
