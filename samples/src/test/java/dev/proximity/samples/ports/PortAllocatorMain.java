package dev.proximity.samples.ports;

import dev.proximity.api.port.PortPair;
import dev.proximity.api.port.PortPolicy;
import dev.proximity.api.port.PortRange;
import dev.proximity.api.store.ProximityStore;
import dev.proximity.api.store.Stores;
import dev.proximity.core.internal.port.LeasingPortManager;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Child-JVM program for the multi-process tests: allocates port pairs from several threads and
 * prints each one; optionally stays alive holding them until killed.
 *
 * <p>Arguments: storeUrl ownerPrefix threads perThread publicRange internalRange holdUntilKilled
 */
public final class PortAllocatorMain {

    private PortAllocatorMain() {
    }

    /** @param args see the class comment */
    public static void main(String[] args) throws Exception {
        String url = args[0];
        String prefix = args[1];
        int threads = Integer.parseInt(args[2]);
        int perThread = Integer.parseInt(args[3]);
        PortPolicy policy = new PortPolicy(PortRange.parse(args[4]), PortRange.parse(args[5]), Duration.ofMinutes(10));
        boolean hold = Boolean.parseBoolean(args[6]);
        try (ProximityStore store = Stores.open(url)) {
            LeasingPortManager ports = new LeasingPortManager(store, policy, Clock.systemUTC());
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                Thread worker = new Thread(() -> {
                    for (int i = 0; i < perThread; i++) {
                        String owner = prefix + "-" + thread + "-" + i;
                        PortPair pair = ports.allocate(owner);
                        synchronized (System.out) {
                            System.out.println("PAIR " + owner + " " + pair.publicPort() + " " + pair.internalPort());
                        }
                    }
                });
                worker.start();
                workers.add(worker);
            }
            for (Thread worker : workers) {
                worker.join();
            }
            System.out.println("READY");
            System.out.flush();
            if (hold) {
                Thread.sleep(Long.MAX_VALUE);
            }
        }
    }
}
