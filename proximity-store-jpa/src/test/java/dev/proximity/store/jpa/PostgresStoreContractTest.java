package dev.proximity.store.jpa;

import dev.proximity.api.store.ProximityStore;
import dev.proximity.api.store.StoreContractTest;
import dev.proximity.store.jpa.testing.EmbeddedPostgresFixture;

/** The store contract against a fresh database per test on the shared embedded PostgreSQL server. */
class PostgresStoreContractTest extends StoreContractTest {

    @Override
    protected ProximityStore openEmptyStore() {
        return JpaStore.open(EmbeddedPostgresFixture.freshDatabase("contract").storeUrl());
    }
}
