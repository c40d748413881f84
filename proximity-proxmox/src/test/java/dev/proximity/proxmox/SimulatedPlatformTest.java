package dev.proximity.proxmox;

import dev.proximity.proxmox.simulator.ProxmoxSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Base of the conformance tests that drive the platform port against a fresh, fast simulator. */
abstract class SimulatedPlatformTest {

    /** The simulator, fresh per test. */
    ProxmoxSimulator pve;
    /** The client under test, connected to {@link #pve}. */
    ProxmoxContainerPlatform platform;

    @BeforeEach
    void startSimulator() {
        pve = Pve.fastSimulator().start();
        platform = ProxmoxContainerPlatform.connect(Pve.config(pve).build());
    }

    @AfterEach
    void stopSimulator() {
        platform.close();
        pve.close();
    }
}
