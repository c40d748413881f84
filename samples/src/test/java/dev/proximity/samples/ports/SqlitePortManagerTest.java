package dev.proximity.samples.ports;

/** PortManager on one SQLite file. */
class SqlitePortManagerTest extends PortManagerContractTest {
    @Override
    String newStoreUrl() {
        return "jdbc:sqlite:" + dir.resolve("proximity.db");
    }
}
