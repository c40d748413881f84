package dev.proximity.store.jpa;

import dev.proximity.api.store.StoreLockAcrossProcessesTest;
import dev.proximity.store.jpa.testing.EmbeddedPostgresFixture;

/** Store locks across JVMs on one PostgreSQL database (advisory locks). */
class PostgresLockAcrossProcessesTest extends StoreLockAcrossProcessesTest {

    @Override
    protected String storeUrl() {
        return EmbeddedPostgresFixture.freshDatabase("locks").storeUrl();
    }
}
