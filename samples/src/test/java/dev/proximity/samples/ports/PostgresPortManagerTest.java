package dev.proximity.samples.ports;

import dev.proximity.samples.support.SharedPostgres;

/** PortManager on a real PostgreSQL database. */
class PostgresPortManagerTest extends PortManagerContractTest {
    @Override
    String newStoreUrl() {
        return SharedPostgres.newDatabaseUrl();
    }
}
