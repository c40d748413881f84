package dev.proximity.core.testing;

import dev.proximity.api.error.StoreException;
import dev.proximity.api.store.ProximityStore;
import dev.proximity.api.store.StoreContractTest;
import dev.proximity.api.store.StoreSession;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The store contract against the in-memory store the core's own tests use. */
class InMemoryStoreContractTest extends StoreContractTest {

    @Override
    protected ProximityStore openEmptyStore() {
        return InMemoryStore.create();
    }

    @Test
    void injectedWriteFailuresChangeNothingAndRunOut() {
        InMemoryStore memory = (InMemoryStore) store;
        memory.failNextWrites(2);

        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> memory.write((StoreSession s) -> {
                s.settings().put("k", "v");
                return null;
            })).isInstanceOf(StoreException.class);
        }
        memory.write((StoreSession s) -> {
            s.settings().put("k", "v");
            return null;
        });
        assertThat(memory.read((StoreSession s) -> s.settings().get("k"))).contains("v");
    }
}
