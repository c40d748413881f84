package dev.proximity.core.app;

import dev.proximity.api.app.App;
import dev.proximity.api.app.AppService;
import dev.proximity.api.app.DeploymentLogEntry;
import dev.proximity.api.port.PortLease;
import dev.proximity.api.store.StoreSession;
import dev.proximity.core.Proximity;
import dev.proximity.core.testing.FakeGuest;
import dev.proximity.core.testing.FakePlatform;
import dev.proximity.core.testing.InMemoryStore;
import dev.proximity.core.testing.TestCatalog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.time.Duration;
import java.util.List;

/** A Proximity instance over an in-memory store and the fake platform, with fast polls and short timeouts. */
abstract class AppServiceTestBase {

    InMemoryStore store;
    FakePlatform platform;
    FakeGuest guest;
    Proximity proximity;
    AppService apps;

    @BeforeEach
    void wire() {
        store = InMemoryStore.create();
        platform = new FakePlatform();
        guest = new FakeGuest(platform);
        proximity = configure(Proximity.builder().store(store).platform(platform).guestExec(guest)
                .catalog(TestCatalog.standard()).installationId("test-inst")
                .pollInterval(Duration.ofMillis(2)).healthTimeout(Duration.ofMillis(300))
                .addressTimeout(Duration.ofMillis(300)).actionLockWait(Duration.ofSeconds(5))).build();
        apps = proximity.apps();
    }

    /** @param builder the default wiring @return it, changed as a test class needs */
    Proximity.Builder configure(Proximity.Builder builder) {
        return builder;
    }

    @AfterEach
    void close() {
        proximity.close();
        store.close();
    }

    List<PortLease> leases() {
        return store.read((StoreSession s) -> s.portLeases().listAfter(0, 1000));
    }

    List<App> records() {
        return store.read((StoreSession s) -> s.apps().listAfter(null, 1000));
    }

    static List<String> steps(List<DeploymentLogEntry> log) {
        return log.stream().map(DeploymentLogEntry::step).toList();
    }
}
