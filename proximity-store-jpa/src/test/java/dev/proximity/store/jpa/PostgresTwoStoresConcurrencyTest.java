package dev.proximity.store.jpa;

import dev.proximity.store.jpa.testing.EmbeddedPostgresFixture;

/** Two stores on one PostgreSQL database. */
class PostgresTwoStoresConcurrencyTest extends TwoStoresConcurrencyTest {

    @Override
    String freshStoreUrl() {
        return EmbeddedPostgresFixture.freshDatabase("two_stores").storeUrl();
    }
}
