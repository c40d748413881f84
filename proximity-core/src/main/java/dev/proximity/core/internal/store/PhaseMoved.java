package dev.proximity.core.internal.store;

import dev.proximity.api.migration.MigrationPhase;

/** Thrown inside a transaction begun for one phase when the store is found in another: it is rolled back and retried. */
final class PhaseMoved extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final transient MigrationPhase phase;

    PhaseMoved(MigrationPhase phase) {
        super("the migration phase is now " + phase, null, false, false);
        this.phase = phase;
    }
}
